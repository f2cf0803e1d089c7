/**
 * The GitLab connector against a loopback server answering like the REST v4 API (pages by x-next-page, 429 with
 * RateLimit-Reset), through the real fetch, into a real store.
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../store/db.ts';
import { configSchema } from '../../config/schema.ts';
import { deliverySettings } from '../delivery/settings.ts';
import type { Waiter } from '../delivery/wait.ts';
import { createGitLabClient } from './client.ts';
import { syncGitLab } from './sync.ts';

const at = (day: number, hour = 10): string => new Date(Date.UTC(2026, 8, day, hour)).toISOString();
const deployment = (id: number, sha: string, status: string, day: number, env = 'production'): Record<string, unknown> => ({
  id,
  iid: id,
  ref: 'main',
  sha,
  status,
  created_at: at(day),
  updated_at: at(day, 11),
  user: { username: 'deployer' },
  environment: { id: 1, name: env, tier: env === 'production' ? 'production' : 'staging' },
  deployable: { id: id * 10, status, stage: 'deploy', name: 'deploy', finished_at: status === 'success' || status === 'failed' ? at(day, 11) : null },
});
const commit = (id: string, day: number, message = 'change'): Record<string, unknown> => ({ id, short_id: id.slice(0, 8), title: message, message, author_name: 'Dev', authored_date: at(day, 1), committed_date: at(day, 2) });

interface World {
  deployments: Record<string, unknown>[];
  log: string[];
  rateLimitOnce: boolean;
}

async function startFakeGitLab(world: World): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    world.log.push(`${url.pathname}${url.search}`);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}): void => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    if (req.headers['private-token'] !== 'glpat-test') return send(401, { message: '401 Unauthorized' });
    const page = (items: unknown[], r: ServerResponse): void => {
      const n = Number(url.searchParams.get('page') ?? '1');
      r.setHeader('x-next-page', n * 2 < items.length ? String(n + 1) : '');
      send(200, items.slice((n - 1) * 2, n * 2));
    };
    const p = url.pathname.replace(/^\/api\/v4/, '');
    const after = url.searchParams.get('updated_after');
    const since = (items: Record<string, unknown>[]): Record<string, unknown>[] => items.filter((i) => after === null || Date.parse(String(i['updated_at'])) > Date.parse(after));
    if (p === '/projects/acme%2Fapi' || p === '/projects/7') return send(200, { id: 7, path_with_namespace: 'acme/api' });
    if (p === '/projects/7/deployments') {
      if (world.rateLimitOnce) {
        world.rateLimitOnce = false;
        return send(429, { message: 'Retry later' }, { 'ratelimit-remaining': '0', 'ratelimit-reset': String(Date.parse('2026-10-01T00:00:02Z') / 1000) });
      }
      return page(since(world.deployments), res);
    }
    if (p === '/projects/7/pipelines') return page(since([{ id: 31, iid: 1, sha: 'c2', ref: 'main', status: 'failed', source: 'push', created_at: at(3), updated_at: at(3, 1) }, { id: 32, iid: 2, sha: 'c2', ref: 'main', status: 'canceled', source: 'push', created_at: at(3), updated_at: at(3, 2) }]), res);
    if (p === '/projects/7/merge_requests') return page(since([{ iid: 5, title: 'Add cache', state: 'merged', author: { username: 'dev1' }, created_at: at(1), updated_at: at(3), merged_at: at(3), merge_commit_sha: 'c3' }, { iid: 6, title: 'Bump', state: 'merged', author: { username: 'project_7_bot_1a2b' }, created_at: at(2), updated_at: at(3, 5), merged_at: at(3, 5), merge_commit_sha: null, squash_commit_sha: 'c2' }]), res);
    if (p === '/projects/7/merge_requests/5/commits') return page([commit('c2', 2, 'cache\n\nIncident: inc-3'), commit('c3', 3)], res);
    if (p === '/projects/7/merge_requests/6/commits') return page([commit('c2', 2)], res);
    if (p === '/projects/7/repository/compare') {
      const chain = ['c1', 'c2', 'c3', 'c4'];
      const from = chain.indexOf(url.searchParams.get('from') ?? '');
      const to = chain.indexOf(url.searchParams.get('to') ?? '');
      return send(200, { commits: chain.slice(from + 1, to + 1).map((id, i) => commit(id, from + i + 2)), diffs: [], compare_same_ref: from === to });
    }
    send(404, { message: '404 Not Found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

let store: Store | null = null;
afterEach(() => {
  store?.close();
  store = null;
});

describe('GitLab connector', () => {
  it('backfills deployments, pipelines and merge requests, waits out a 429, and resumes from its cursor', async () => {
    const world: World = { deployments: [deployment(1, 'c1', 'success', 1), deployment(2, 'c3', 'success', 3), deployment(3, 'c3', 'success', 3, 'staging'), deployment(4, 'c4', 'running', 4)], log: [], rateLimitOnce: true };
    const fake = await startFakeGitLab(world);
    store = await openStore(':memory:');
    let t = Date.parse('2026-10-01T00:00:00Z');
    const shown: number[] = [];
    const waiter: Waiter = { now: () => t, sleep: async (ms) => void (t += ms), onWait: (s) => shown.push(s) };
    const settings = deliverySettings(configSchema.parse({ version: 1, delivery: { services: [{ name: 'api', repository: 'acme/api', team: 'core' }] } }));
    const sync = (): ReturnType<typeof syncGitLab> => syncGitLab({ store: store as Store, client: createGitLabClient({ url: fake.url, token: 'glpat-test', waiter }), settings, projects: ['acme/api'], since: null, now: waiter.now });
    try {
      await sync();
      expect(shown).toEqual([3, 2, 1, 0]);
      const q = async (sql: string): Promise<Record<string, unknown>[]> => (await (store as Store).connection.runAndReadAll(sql)).getRowObjectsJS();
      expect(await q('SELECT deployment_id, service, environment FROM deployments ORDER BY 1')).toEqual([
        { deployment_id: 'gitlab:1', service: 'api', environment: 'production' },
        { deployment_id: 'gitlab:2', service: 'api', environment: 'production' },
        { deployment_id: 'gitlab:3', service: 'api', environment: 'staging' },
      ]);
      expect(await q('SELECT deployment_id, commit_sha FROM deployment_changes ORDER BY 2')).toEqual([
        { deployment_id: 'gitlab:2', commit_sha: 'c2' },
        { deployment_id: 'gitlab:2', commit_sha: 'c3' },
      ]);
      expect(await q("SELECT sha, pr, incident_id FROM commits ORDER BY sha")).toEqual([
        { sha: 'c2', pr: 'acme/api!6', incident_id: 'inc-3' },
        { sha: 'c3', pr: 'acme/api!5', incident_id: null },
      ]);
      expect(await q('SELECT pr_id, is_bot, merge_commit FROM pull_requests ORDER BY 1')).toEqual([
        { pr_id: 'acme/api!5', is_bot: false, merge_commit: 'c3' },
        { pr_id: 'acme/api!6', is_bot: true, merge_commit: 'c2' },
      ]);
      expect(await q('SELECT run_id, status FROM pipeline_runs ORDER BY 1')).toEqual([
        { run_id: 'gitlab:31', status: 'failure' },
        { run_id: 'gitlab:32', status: 'cancelled' },
      ]);

      // The running deployment finishes: the next sync asks only for what changed since its cursor.
      world.log.length = 0;
      world.deployments[3] = { ...deployment(4, 'c4', 'success', 4), updated_at: at(5) };
      await sync();
      expect(world.log.filter((l) => l.startsWith('/api/v4/projects/7/deployments'))).toEqual([`/api/v4/projects/7/deployments?per_page=100&order_by=updated_at&sort=asc&updated_after=${encodeURIComponent(new Date(Date.parse(at(4, 11)) - 1000).toISOString())}`]);
      expect(await q("SELECT commit_sha FROM deployment_changes WHERE deployment_id = 'gitlab:4'")).toEqual([{ commit_sha: 'c4' }]);
      expect(world.log.some((l) => l.includes('/merge_requests/5/commits'))).toBe(false);
    } finally {
      await fake.close();
    }
  });

  it('names the project and the step when GitLab refuses the token', async () => {
    const fake = await startFakeGitLab({ deployments: [], log: [], rateLimitOnce: false });
    store = await openStore(':memory:');
    const waiter: Waiter = { now: Date.now, sleep: async () => undefined, onWait: () => undefined };
    try {
      await expect(
        syncGitLab({ store, client: createGitLabClient({ url: fake.url, token: 'wrong', waiter }), settings: deliverySettings(configSchema.parse({ version: 1 })), projects: ['acme/api'], since: null }),
      ).rejects.toThrow(/GitLab answered 401 for http:\/\/127\.0\.0\.1:\d+\/api\/v4\/projects\/acme%2Fapi: \{"message":"401 Unauthorized"\}/);
    } finally {
      await fake.close();
    }
  });
});
