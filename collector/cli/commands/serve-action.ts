/** What `pulse serve` does (serve.ts registers it; this module loads when the command runs). */
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { Engine } from '../../engine.ts';
import { createRouter } from '../../server/router.ts';
import { isLoopback, MIN_TOKEN_LENGTH } from '../../server/security.ts';
import { startServer } from '../../server/server.ts';
import { isUiBuilt, staticSite, UI_DIR } from '../../server/static.ts';
import { createHooks } from '../../server/hooks/index.ts';
import { UsageError } from '../context.ts';
import { globalOptions } from '../global-options.ts';
import type { PulseConfig } from '../../config/schema.ts';

export interface ServeOptions {
  port?: string;
  host?: string;
}

export async function serveAction(options: ServeOptions, command: Command): Promise<void> {
  const { db, config } = await globalOptions(command);
  const { host, port, token } = serveSettings(options, config, process.env);
  if (!isUiBuilt()) throw new Error(`the UI is not built (no ${UI_DIR}index.html): run npm run build`);
  if (!existsSync(db)) throw new Error(`database ${db} does not exist (create it with \`pulse demo\` or an import)`);

  // Read-write: pulse serve is the one process that owns the file, and the webhook receivers write to it.
  const engine = await Engine.open(db, config, { readOnly: false });
  try {
    const hooks = createHooks(engine.store, config, process.env);
    const router = createRouter({
      hooks: hooks.handlers,
      engine,
      ui: staticSite(),
      token,
      loopback: isLoopback(host),
      onError: (error) => process.stderr.write(`pulse serve: ${error instanceof Error ? error.message : String(error)}\n`),
    });
    const server = await startServer(router, host, port);
    const env = config.serve.token_env;
    const auth = token === null ? '' : `; API requests need "Authorization: Bearer $${env}", browsers open ${server.url}#token=$${env}`;
    process.stdout.write(`pulse: listening on ${server.url} (database ${db}${auth})\n`);
    for (const line of hooks.describe) process.stdout.write(`pulse: webhook ${line}\n`);
    const signal = await stopSignal();
    process.stdout.write(`pulse: ${signal}: stopping\n`);
    await server.close();
  } finally {
    engine.close();
  }
}

export interface ServeSettings {
  host: string;
  port: number;
  token: string | null;
}

/** Host, port and token from the flags, pulse.yaml and the environment; refuses an exposed server without a token. */
export function serveSettings(options: ServeOptions, config: PulseConfig, env: NodeJS.ProcessEnv): ServeSettings {
  const port = options.port === undefined ? config.serve.port : parsePort(options.port);
  const host = options.host ?? config.serve.host;
  const tokenEnv = config.serve.token_env;
  const token = env[tokenEnv] || null;
  if (token === null && !isLoopback(host)) {
    throw new UsageError(`--host ${host}: serving beyond this machine needs an API token: set ${tokenEnv} (at least ${MIN_TOKEN_LENGTH} characters)`);
  }
  if (token !== null && token.length < MIN_TOKEN_LENGTH) throw new UsageError(`${tokenEnv}: the API token needs at least ${MIN_TOKEN_LENGTH} characters`);
  return { host, port, token };
}

function parsePort(text: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535) throw new UsageError(`--port: expected a port number from 0 to 65535, got "${text}"`);
  return port;
}

/** Resolves on the first SIGINT or SIGTERM; the caller then closes the server and the engine and exits 0. */
function stopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
