/**
 * Test support: `pulse serve`'s real HTTP stack (router + node:http server) with the webhook receivers mounted on
 * an in-memory store, and a tiny POST client.
 */
import { request as httpRequest } from 'node:http';
import { openStore, type Store } from '../../store/db.ts';
import { configSchema } from '../../config/schema.ts';
import { createRouter, type ApiEngine } from '../router.ts';
import { startServer, type RunningServer } from '../server.ts';
import { createHooks } from './index.ts';

export const SECRETS = { PULSE_GITHUB_WEBHOOK_SECRET: 'It\u2019s a Secret to Everybody', PULSE_GITLAB_WEBHOOK_TOKEN: 'gitlab-hook-token-123', PULSE_EVENTS_TOKEN: 'events-token-0123456789' };

const noApi: ApiEngine = {
  listDashboards: () => {
    throw new Error('not in this test');
  },
  dashboard: () => {
    throw new Error('not in this test');
  },
  runPanel: () => Promise.reject(new Error('not in this test')),
  kpi: () => Promise.reject(new Error('not in this test')),
};

export interface HookServer {
  store: Store;
  server: RunningServer;
  close(): Promise<void>;
  rows(sql: string): Promise<Record<string, unknown>[]>;
}

export async function startHookServer(maxBodyBytes = 64 * 1024): Promise<HookServer> {
  const store = await openStore(':memory:');
  const config = configSchema.parse({ version: 1, webhooks: { max_body_bytes: maxBodyBytes }, delivery: { services: [{ name: 'hello', repository: 'Codertocat/Hello-World', team: 'octo' }] } });
  const hooks = createHooks(store, config, SECRETS, () => Date.parse('2026-09-01T12:00:00Z'));
  const server = await startServer(createRouter({ engine: noApi, ui: null, token: null, loopback: true, hooks: hooks.handlers }), '127.0.0.1', 0);
  return {
    store,
    server,
    rows: async (sql) => (await store.connection.runAndReadAll(sql)).getRowObjectsJS(),
    close: async () => {
      await server.close();
      store.close();
    },
  };
}

export interface Reply {
  status: number;
  body: { ok: boolean; data?: Record<string, unknown>; error?: string };
}

export function post(server: RunningServer, path: string, body: string | Buffer, headers: Record<string, string>, method = 'POST'): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(new URL(path, server.url), { method, headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Reply['body'] }));
    });
    req.on('error', reject);
    req.end(body);
  });
}
