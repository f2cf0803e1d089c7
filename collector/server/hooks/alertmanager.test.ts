/** `POST /hooks/alertmanager`: token, body limit, payload checks, and the 200 only after the commit. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../store/db.ts';
import { readRows } from '../../sources/delivery/read.ts';
import type { HttpRequest } from '../router.ts';
import { alertmanagerHook } from './alertmanager.ts';
import { BodyTooLargeError } from './body.ts';
import { serialQueue } from './queue.ts';

const TOKEN = 'alertmanager-token-0123456789';
const PAYLOAD = readFileSync(fileURLToPath(new URL('../../../../shared/fixtures/alerts/alertmanager-webhook-v4.example.json', import.meta.url)), 'utf8');
let store: Store;
let now = Date.parse('2021-03-30T13:00:00Z');

function post(body: string, token: string | null = TOKEN, limit = 1 << 20): HttpRequest {
  return {
    method: 'POST',
    url: '/hooks/alertmanager',
    headers: token === null ? {} : { authorization: `Bearer ${token}` },
    readBody: (max: number) => (Buffer.byteLength(body) > Math.min(max, limit) ? Promise.reject(new BodyTooLargeError(max)) : Promise.resolve(Buffer.from(body))),
  };
}

beforeEach(async () => {
  store = await openStore(':memory:');
});
afterEach(() => store.close());

describe('alertmanagerHook', () => {
  const hook = (): ReturnType<typeof alertmanagerHook> => alertmanagerHook({ store, maxBodyBytes: 1 << 16, serial: serialQueue(), now: () => now }, TOKEN);

  it('stores the raw payload and its episodes before answering 200; a repeat counts as a delivery', async () => {
    const first = await hook()(post(PAYLOAD));
    expect(first.status).toBe(200);
    expect(JSON.parse(String(first.body))).toMatchObject({ ok: true, data: { stored: 1, episodes: 4, alerts: 4 } });
    now += 4 * 3_600_000;
    expect((await hook()(post(PAYLOAD))).status).toBe(200);
    const rows = await readRows(store.connection, 'SELECT alertname, notifications, ends_at IS NULL AS firing FROM alert_episodes ORDER BY alertname, firing');
    expect(rows).toEqual([
      { alertname: 'CPUHigh', notifications: 2, firing: false },
      { alertname: 'CPUHigh', notifications: 2, firing: true },
      { alertname: 'CPUHigh1', notifications: 2, firing: true },
      { alertname: 'CPUHigh2', notifications: 2, firing: true },
    ]);
    expect(await readRows(store.connection, "SELECT count(*)::INTEGER AS n FROM raw_events WHERE source = 'alertmanager'")).toEqual([{ n: 2 }]);
  });

  it('answers 401 without the token, 405 to GET, 413 past the limit, 400 to bad payloads, storing nothing', async () => {
    expect((await hook()(post(PAYLOAD, null))).status).toBe(401);
    expect((await hook()(post(PAYLOAD, 'wrong-token'))).status).toBe(401);
    expect((await hook()({ ...post(PAYLOAD), method: 'GET' })).status).toBe(405);
    expect((await hook()(post(PAYLOAD, TOKEN, 100))).status).toBe(413);
    expect((await hook()(post('{not json'))).status).toBe(400);
    const wrong = await hook()(post(JSON.stringify({ version: '4', status: 'firing', alerts: [] })));
    expect(wrong.status).toBe(400);
    expect(JSON.parse(String(wrong.body))).toMatchObject({ ok: false, error: expect.stringMatching(/^receiver/) });
    expect(await readRows(store.connection, 'SELECT count(*)::INTEGER AS n FROM raw_events')).toEqual([{ n: 0 }]);
  });
});
