/**
 * `pulse serve [--port N] [--host ADDRESS]`: serves the dashboard UI, a read-only JSON API and the webhook
 * receivers over HTTP, owning the database read-write until Ctrl-C.
 * The work lives in serve-action.ts, loaded only when the command runs.
 */
import type { Command } from 'commander';
import type { ServeOptions } from './serve-action.ts';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('serve the dashboard UI and a read-only JSON API over HTTP (Ctrl+C stops it)')
    .option('--port <n>', 'TCP port, 0 for any free one (default: serve.port in pulse.yaml, 7420)')
    .option('--host <address>', 'address to bind (default: serve.host in pulse.yaml, 127.0.0.1); any other than loopback needs an API token')
    .action(async (options: ServeOptions, command: Command) => {
      const { serveAction } = await import('./serve-action.ts');
      await serveAction(options, command);
    });
}
