import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../engine.ts';
import { DEFAULT_CONFIG } from '../config/defaults.ts';
import { openStore } from '../store/db.ts';
import { generateDemo } from '../demo/generate.ts';
import { DashboardError, NotFoundError } from '../../dashboards/errors.ts';
import type { KpiRequest } from '../../queries/contract.ts';
import { createRouter, type ApiEngine, type RouterOptions } from './router.ts';
import { startServer, type RunningServer } from './server.ts';
import { staticSite } from './static.ts';
import { CONTENT_SECURITY_POLICY } from './security.ts';

const TOKEN = 'correct-horse-battery-staple';
const dir = mkdtempSync(join(tmpdir(), 'pulse-router-'));
const uiDir = join(dir, 'ui');
mkdirSync(join(uiDir, 'assets'), { recursive: true });
writeFileSync(join(uiDir, 'index.html'), '<!doctype html><title>Pulse</title>');
writeFileSync(join(uiDir, 'assets', 'index-abc.js'), 'console.log(1)');
writeFileSync(join(dir, 'secret.txt'), 'not served');

const kpiCalls: KpiRequest[] = [];
const fake: ApiEngine = {
  listDashboards: () => ({ dashboards: [{ id: 'gpu-fleet', title: 'GPU fleet', description: null }], problems: [] }),
  dashboard: (id) => {
    if (id === 'broken') throw new DashboardError([{ file: 'dashboards/broken.yaml', line: 3, path: 'id', message: 'bad id' }]);
    if (id === 'exploding') throw new Error('disk on fire\nstack details');
    throw new NotFoundError(`no dashboard "${id}"`);
  },
  runPanel: (id, panel, range) => {
    if (id !== 'gpu-fleet') return Promise.reject(new NotFoundError(`no dashboard "${id}"`));
    return Promise.resolve({ rows: [{ panel, from: range.from, tz: range.tz }], notes: [] });
  },
  kpi: (name, request) => {
    kpiCalls.push(request);
    return Promise.resolve({ kpi: name, params: {}, rows: [], notes: [] });
  },
};

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw HTTP request (fetch would not let the test set Host). */
function get(server: RunningServer, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Reply> {
  const url = new URL(path, server.url);
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const servers: RunningServer[] = [];
async function serve(options: Partial<RouterOptions> = {}): Promise<RunningServer> {
  const errors: unknown[] = [];
  const server = await startServer(createRouter({ engine: fake, ui: staticSite(uiDir), token: null, loopback: true, onError: (e) => errors.push(e), ...options }), '127.0.0.1', 0);
  servers.push(server);
  return server;
}

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  rmSync(dir, { recursive: true, force: true });
});

describe('router over HTTP', () => {
  it('serves the UI with a strict CSP and no CORS, and only files under the UI directory', async () => {
    const server = await serve();
    const index = await get(server, '/');
    expect(index.status).toBe(200);
    expect(index.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(index.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(index.headers['x-content-type-options']).toBe('nosniff');
    expect(index.headers['access-control-allow-origin']).toBeUndefined();
    const asset = await get(server, '/assets/index-abc.js', { Origin: 'https://evil.example' });
    expect(asset.headers['cache-control']).toContain('immutable');
    expect(asset.headers['access-control-allow-origin']).toBeUndefined();
    expect((await get(server, '/../secret.txt')).status).toBe(404);
    expect((await get(server, '/assets/..%2F..%2Fsecret.txt')).status).toBe(404);
    expect((await get(server, '/nothing.js')).status).toBe(404);
  });

  it('answers the API with the result envelope and status codes', async () => {
    const server = await serve();
    const list = await get(server, '/api/dashboards');
    expect(list.status).toBe(200);
    expect(list.headers['cache-control']).toBe('no-store');
    expect(JSON.parse(list.body)).toEqual({ ok: true, data: { dashboards: [{ id: 'gpu-fleet', title: 'GPU fleet', description: null }], problems: [] } });

    const panel = await get(server, '/api/dashboards/gpu-fleet/panels/summary?from=2026-10-01&to=2026-10-08&tz=Europe/Paris');
    expect(JSON.parse(panel.body)).toEqual({ ok: true, data: { rows: [{ panel: 'summary', from: '2026-09-30T22:00:00.000Z', tz: 'Europe/Paris' }], notes: [] } });

    const missing = await get(server, '/api/dashboards/nope');
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.body)).toEqual({ ok: false, error: 'no dashboard "nope"' });
    expect((await get(server, '/api/dashboards/nope/panels/x?from=2026-10-01&to=2026-10-02')).status).toBe(404);
    expect((await get(server, '/api/nothing')).status).toBe(404);
    expect((await get(server, '/api/kpi/gpu-spendz?from=2026-10-01&to=2026-10-02')).status).toBe(404);
  });

  it('answers 400 naming the bad parameter', async () => {
    const server = await serve();
    const noFrom = await get(server, '/api/dashboards/gpu-fleet/panels/summary?to=2026-10-08');
    expect(noFrom.status).toBe(400);
    expect(JSON.parse(noFrom.body)).toEqual({ ok: false, error: 'from: required (an ISO date or timestamp)' });
    const badTz = await get(server, '/api/kpi/gpu-util?from=2026-10-01&to=2026-10-02&tz=Nowhere');
    expect(JSON.parse(badTz.body).error).toMatch(/^tz: /);
    const badGroup = await get(server, '/api/kpi/gpu-util?from=2026-10-01&to=2026-10-02&group_by=rack');
    expect(badGroup.status).toBe(400);
    expect(JSON.parse(badGroup.body).error).toMatch(/^group_by: gpu-util cannot be grouped by "rack"/);
    expect((await get(server, '/api/dashboards/%E0%A4%A')).status).toBe(400);
  });

  it('passes KPI requests through with the group', async () => {
    const server = await serve();
    kpiCalls.length = 0;
    const reply = await get(server, '/api/kpi/gpu-util?from=2026-10-01T00:00:00Z&to=2026-10-02T00:00:00Z&group_by=cluster');
    expect(reply.status).toBe(200);
    expect(kpiCalls).toEqual([{ from: '2026-10-01T00:00:00.000Z', to: '2026-10-02T00:00:00.000Z', tz: 'UTC', groupBy: 'cluster' }]);
  });

  it('answers 500 with a one-line reason, and the whole problem list for an invalid dashboard', async () => {
    const server = await serve();
    const exploding = await get(server, '/api/dashboards/exploding');
    expect(exploding.status).toBe(500);
    expect(JSON.parse(exploding.body)).toEqual({ ok: false, error: 'disk on fire' });
    const broken = await get(server, '/api/dashboards/broken');
    expect(broken.status).toBe(500);
    expect(JSON.parse(broken.body)).toEqual({ ok: false, error: 'dashboards/broken.yaml:3: id: bad id' });
  });

  it('is read-only', async () => {
    const server = await serve();
    const post = await get(server, '/api/dashboards', {}, 'POST');
    expect(post.status).toBe(405);
    expect(post.headers['allow']).toBe('GET, HEAD');
    const head = await get(server, '/api/dashboards', {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
  });

  it('refuses foreign Host headers on loopback (DNS rebinding)', async () => {
    const server = await serve();
    expect((await get(server, '/api/dashboards', { Host: 'evil.example:7420' })).status).toBe(403);
    expect((await get(server, '/', { Host: 'evil.example' })).status).toBe(403);
    expect((await get(server, '/api/dashboards', { Host: 'localhost:7420' })).status).toBe(200);
    expect((await get(server, '/api/dashboards', { Host: '[::1]:7420' })).status).toBe(200);
  });

  it('needs the bearer token for the API when one is set, not for the UI', async () => {
    const server = await serve({ token: TOKEN, loopback: false });
    const none = await get(server, '/api/dashboards', { Host: 'pulse.internal:7420' });
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toBe('Bearer realm="pulse"');
    expect((await get(server, '/api/dashboards', { Authorization: 'Bearer wrong-token-of-some-length' })).status).toBe(401);
    expect((await get(server, '/api/dashboards', { Authorization: `Basic ${TOKEN}` })).status).toBe(401);
    expect((await get(server, '/api/dashboards', { Authorization: `Bearer ${TOKEN}` })).status).toBe(200);
    expect((await get(server, '/', { Host: 'pulse.internal:7420' })).status).toBe(200);
  });
});

describe('server shell', () => {
  it('closes only after running requests are done, so the engine is never closed under a query', async () => {
    let finished = false;
    const slow: ApiEngine = {
      ...fake,
      runPanel: () => new Promise((resolve) => setTimeout(() => ((finished = true), resolve({ rows: [], notes: [] })), 300)),
    };
    const server = await startServer(createRouter({ engine: slow, ui: null, token: null, loopback: true }), '127.0.0.1', 0);
    const pending = get(server, '/api/dashboards/gpu-fleet/panels/summary?from=2026-10-01&to=2026-10-02').catch(() => null);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await server.close();
    expect(finished).toBe(true);
    await pending;
  });
});

describe('router on a real engine', () => {
  let engine: Engine;
  beforeAll(async () => {
    const db = join(dir, 'demo.duckdb');
    const store = await openStore(db);
    await generateDemo(store, { seed: 1, days: 1, end: Date.parse('2026-10-01T12:00:00Z') });
    store.close();
    engine = await Engine.open(db, DEFAULT_CONFIG);
  });
  afterAll(() => engine.close());

  it('runs the gpu-fleet panels from the dashboard file', async () => {
    const server = await serve({ engine });
    const spec = JSON.parse((await get(server, '/api/dashboards/gpu-fleet')).body);
    expect(spec.data.layout[0].panels).toEqual(['summary']);
    const range = 'from=2026-10-01T00:00:00Z&to=2026-10-01T12:00:00Z&tz=UTC';
    const summary = JSON.parse((await get(server, `/api/dashboards/gpu-fleet/panels/summary?${range}`)).body);
    expect(summary.ok).toBe(true);
    expect(summary.data.rows).toHaveLength(1);
    expect(summary.data.rows[0].gpus).toBeGreaterThan(0);
    const activity = JSON.parse((await get(server, `/api/dashboards/gpu-fleet/panels/activity?${range}`)).body);
    // 12 hourly buckets per cluster.
    expect(activity.data.rows.length % 12).toBe(0);
    expect(activity.data.rows[0]).toMatchObject({ bucket: '2026-10-01T00:00:00.000Z', cluster: expect.any(String) });
    const nodes = await get(server, `/api/dashboards/gpu-fleet/panels/nodes?${range}`);
    expect(JSON.parse(nodes.body).data.rows[0]).toHaveProperty('node');
    expect((await get(server, `/api/dashboards/gpu-fleet/panels/constructor?${range}`)).status).toBe(404);
  });

  it('keeps concurrent panels of the same query apart', async () => {
    const server = await serve({ engine });
    const range = 'from=2026-10-01T00:00:00Z&to=2026-10-01T12:00:00Z&tz=UTC';
    const rows = async (panel: string): Promise<number> => JSON.parse((await get(server, `/api/dashboards/gpu-fleet/panels/${panel}?${range}`)).body).data.rows.length;
    const nodes = await rows('nodes');
    expect(nodes).toBeGreaterThan(1);
    // Both panels run the gpu-util query (one grouped by node): answers must not trade parameters.
    for (let i = 0; i < 10; i++) {
      expect(await Promise.all(['summary', 'nodes', 'activity', 'summary', 'nodes'].map(rows))).toEqual([1, nodes, expect.any(Number), 1, nodes]);
    }
  });
});
