/** Shared helpers of the cross-cutting tests: temp dirs and running the real CLI. */
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const PULSE_BIN = join(ROOT, 'bin', 'pulse.js');
export const FIXTURES = join(ROOT, '..', 'shared', 'fixtures');

export function tempDir(prefix = 'pulse-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `pulse ARGS…` as a user would (the package bin), without pulse.yaml from the repo root. */
export function pulse(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [PULSE_BIN, ...args],
      { cwd: options.cwd ?? tempDir('pulse-cwd-'), env: { ...process.env, ...options.env }, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** A TCP port free on 127.0.0.1 right now, for a real server a test starts (Prometheus, Alertmanager). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
