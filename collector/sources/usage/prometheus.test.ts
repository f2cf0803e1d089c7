/**
 * Request counters from a Prometheus API (the real client against a loopback server): the increase over exactly
 * each day window, with a counter reset and a pod that appears mid-day, stored as usage rows.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../store/db.ts';
import { PrometheusClient } from '../prometheus/api.ts';
import { loopbackServer, sendJson, type LoopbackServer } from '../prometheus/loopback-server.ts';
import { dayWindows, syncRequestCounters } from './prometheus.ts';

const H = 3_600_000;
const D0 = Date.parse('2026-11-01T00:00:00Z');

let server: LoopbackServer | null = null;
let store: Store | null = null;
afterEach(async () => {
  store?.close();
  store = null;
  await server?.close();
  server = null;
});

/** Counter samples every 15 minutes: pod a counts 100/h and restarts at 30:00 (day 2, 06:00); pod b starts day 2, 12:00 at 50/h. */
function samples(selector: string, evalMs: number, rangeS: number): { metric: Record<string, string>; values: [number, string][] }[] {
  const from = evalMs - rangeS * 1000;
  const a: [number, string][] = [];
  const b: [number, string][] = [];
  for (let t = D0 - 3 * H; t <= D0 + 3 * 24 * H; t += H / 4) {
    if (t <= from || t > evalMs) continue;
    const hours = (t - (D0 - 3 * H)) / H;
    const restart = D0 + 30 * H;
    a.push([t / 1000, String(t < restart ? 100 * hours : (100 * (t - restart)) / H)]);
    if (t >= D0 + 36 * H) b.push([t / 1000, String((50 * (t - (D0 + 36 * H))) / H + 5)]);
  }
  const series = [{ metric: { __name__: selector.split('{')[0] ?? '', pod: 'a' }, values: a }];
  if (b.length > 0) series.push({ metric: { __name__: selector.split('{')[0] ?? '', pod: 'b' }, values: b });
  return series;
}

describe('syncRequestCounters', () => {
  it('stores the reset-aware increase over exactly each day window', async () => {
    server = await loopbackServer((request, response) => {
      const url = new URL(request.url, 'http://x');
      const query = url.searchParams.get('query') ?? new URLSearchParams(request.body).get('query') ?? '';
      const time = Number(url.searchParams.get('time') ?? new URLSearchParams(request.body).get('time'));
      const m = /^(.+)\[(\d+)s\]$/.exec(query);
      sendJson(response, 200, { status: 'success', data: { resultType: 'matrix', result: m ? samples(m[1] ?? '', time * 1000, Number(m[2])) : [] } });
    });
    store = await openStore(':memory:');
    const client = new PrometheusClient({ baseUrl: server.origin });
    const windows = dayWindows(D0, D0 + 3 * 24 * H, 'UTC');
    expect(windows).toEqual([0, 1, 2].map((d) => ({ start: D0 + d * 24 * H, end: D0 + (d + 1) * 24 * H })));
    const summary = await syncRequestCounters(store, client, [{ service: 'ranker', selector: 'http_requests_total{job="ranker"}' }], windows, { now: D0 + 3 * 24 * H + 30 * 60_000 });
    expect(summary).toMatchObject({ rows: 3, queries: 3 });
    expect(server.requests.map((r) => new URL(r.url, 'http://x').searchParams.get('query') ?? new URLSearchParams(r.body).get('query'))).toEqual([
      'http_requests_total{job="ranker"}[93600s]',
      'http_requests_total{job="ranker"}[93600s]',
      'http_requests_total{job="ranker"}[91800s]',
    ]);
    // Day 1: 24 h × 100. Day 2: a counted 575 up to its last sample before the restart (what it counted in the
    // last 15 minutes died with it, as in Prometheus), 18 h × 100 after; b from 12:00 at 50/h plus the 5 it
    // started with. Day 3: a 2400, b 1200.
    const rows = (await store.connection.runAndReadAll("SELECT window_start::VARCHAR AS s, value, source FROM usage_metric ORDER BY s")).getRowObjectsJson();
    expect(rows).toEqual([
      { s: '2026-11-01 00:00:00+00', value: 2400, source: 'prometheus-requests' },
      { s: '2026-11-02 00:00:00+00', value: 575 + 1800 + 5 + 600, source: 'prometheus-requests' },
      { s: '2026-11-03 00:00:00+00', value: 2400 + 1200, source: 'prometheus-requests' },
    ]);
    expect((await store.connection.runAndReadAll("SELECT source, status, api_requests FROM ingest_runs")).getRowObjectsJson()).toEqual([{ source: 'prometheus-requests', status: 'ok', api_requests: 3 }]);
  });

  it('writes no row for a window without samples, so the KPI says no_usage_data', async () => {
    server = await loopbackServer((_request, response) => sendJson(response, 200, { status: 'success', data: { resultType: 'matrix', result: [] } }));
    store = await openStore(':memory:');
    const summary = await syncRequestCounters(store, new PrometheusClient({ baseUrl: server.origin }), [{ service: 'asr', selector: 'asr_requests_total' }], dayWindows(D0, D0 + 24 * H, 'UTC'), { now: D0 + 48 * H });
    expect(summary.rows).toBe(0);
    expect([...summary.missing]).toEqual([['asr', 1]]);
  });
});

describe('dayWindows', () => {
  it('follows the days of the zone, clipped to the range', () => {
    const paris = dayWindows(Date.parse('2026-03-28T12:00:00Z'), Date.parse('2026-03-30T00:00:00Z'), 'Europe/Paris');
    expect(paris.map((w) => [new Date(w.start).toISOString(), new Date(w.end).toISOString()])).toEqual([
      ['2026-03-28T12:00:00.000Z', '2026-03-28T23:00:00.000Z'],
      ['2026-03-28T23:00:00.000Z', '2026-03-29T22:00:00.000Z'],
      ['2026-03-29T22:00:00.000Z', '2026-03-30T00:00:00.000Z'],
    ]);
  });
});
