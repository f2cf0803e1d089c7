/**
 * Burn rates against a real Prometheus (Debian's prometheus 2.42 and promtool, loopback, a temporary TSDB
 * backfilled from a generated OpenMetrics file): request counters of two jobs with an error burst and a counter
 * reset, evaluated by Pulse through the API path (`pulse slo eval --source prometheus`) and the offline path
 * (`pulse import prom` + `pulse slo eval --source offline`), compared at chosen instants with Prometheus's own
 * `sum(rate(errors[w])) / sum(rate(total[w]))`.
 *
 * Window edges: Prometheus 2.x selects [T − w, T], closed; a Pulse bucket (b, b + 5m] counts each sample's
 * delta to the previous one, so the buckets of (T − w, T] add up to the increase from the last sample at or
 * before T − w to the last at or before T. Job `aligned` scrapes on the minute, so a sample sits on every window
 * edge: Prometheus then counts exactly those deltas, without extrapolation, and the ratios agree to rounding.
 * Job `offset` scrapes 7.5 s off the edges: Prometheus leaves out the delta that crosses T − w and
 * extrapolates, Pulse keeps it; the ratios agree within 1 % relative. (Prometheus 3.x selects (T − w, T]: the
 * same ratios as 2.x where no sample sits on T − w.) Fails, never skips, without the binaries.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, pulse, tempDir } from '../helpers.ts';

const PROMETHEUS = '/usr/bin/prometheus';
const PROMTOOL = '/usr/bin/promtool';
const run = promisify(execFile);

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const START = Date.parse('2026-01-10T00:00:00Z');
const END = START + 4 * DAY;
const BURST = [START + 3 * DAY + 2 * HOUR, START + 3 * DAY + 3 * HOUR] as const;
const RESET = START + 3 * DAY + 2 * HOUR + 30 * MIN;
const WINDOWS: [string, number][] = [['5m', 5 * MIN], ['30m', 30 * MIN], ['1h', HOUR], ['2h', 2 * HOUR], ['6h', 6 * HOUR], ['1d', DAY], ['3d', 3 * DAY]];
const INSTANTS = [START + 3 * DAY + HOUR, START + 3 * DAY + 2 * HOUR + 35 * MIN, START + 3 * DAY + 4 * HOUR, START + 3 * DAY + 12 * HOUR];

const dir = tempDir('pulse-prom-');
const children: ChildProcess[] = [];
let promUrl = '';

/** The request counters as OpenMetrics: per job, instance a and b, code 200 and 500, every 15 s. */
function generate(): string {
  const lines = ['# TYPE http_requests counter'];
  for (const [job, offsetMs] of [['aligned', 0], ['offset', 7_500]] as const) {
    for (const instance of ['a', 'b']) {
      const totals = { ok: 1_000_000, errors: 500 };
      const rows: Record<'ok' | 'errors', string[]> = { ok: [], errors: [] };
      for (let t = START + offsetMs, k = 0; t < END; t += 15_000, k++) {
        if (instance === 'b' && t >= RESET && t - 15_000 < RESET) {
          totals.ok = 0;
          totals.errors = 0;
        }
        const requests = 20 + 10 * Math.sin((2 * Math.PI * k) / 5760) + (k % 7);
        const share = t >= BURST[0] && t < BURST[1] ? 0.05 : 0.0002 * (1 + (k % 3));
        totals.errors += requests * share;
        totals.ok += requests * (1 - share);
        const ts = (t / 1000).toFixed(3);
        rows.ok.push(`http_requests_total{job="${job}",instance="${instance}",code="200"} ${totals.ok} ${ts}`);
        rows.errors.push(`http_requests_total{job="${job}",instance="${instance}",code="500"} ${totals.errors} ${ts}`);
      }
      lines.push(...rows.ok, ...rows.errors);
    }
  }
  lines.push('# EOF');
  return `${lines.join('\n')}\n`;
}

const SPECS = ['aligned', 'offset']
  .map(
    (job) => `version: prometheus/v1
service: checkout-${job}
slos:
  - name: availability
    objective: 99.9
    sli:
      events:
        error_query: sum(rate(http_requests_total{job="${job}",code=~"5.."}[{{.window}}]))
        total_query: sum(rate(http_requests_total{job="${job}"}[{{.window}}]))
`,
  )
  .join('---\n');

async function promRatio(job: string, window: string, at: number): Promise<number> {
  const query = `sum(rate(http_requests_total{job="${job}",code=~"5.."}[${window}])) / sum(rate(http_requests_total{job="${job}"}[${window}]))`;
  const response = await fetch(`${promUrl}api/v1/query?query=${encodeURIComponent(query)}&time=${at / 1000}`);
  const body = (await response.json()) as { data: { result: { value: [number, string] }[] } };
  return Number(body.data.result[0]?.value[1]);
}

type Row = Record<string, number | string | null>;

async function kpiRows(db: string, at: number): Promise<Row[]> {
  const result = await pulse(['--db', db, 'kpi', 'slo', '--from', new Date(at - DAY).toISOString(), '--to', new Date(at).toISOString(), '--format', 'json']);
  if (result.code !== 0) throw new Error(result.stderr);
  return (JSON.parse(result.stdout) as { rows: Row[] }).rows;
}

beforeAll(async () => {
  for (const bin of [PROMETHEUS, PROMTOOL]) if (!existsSync(bin)) throw new Error(`${bin} is missing: apt-get install prometheus (.ci/run installs it)`);
  const data = join(dir, 'requests.om.txt');
  writeFileSync(data, generate());
  const tsdb = join(dir, 'tsdb');
  await run(PROMTOOL, ['tsdb', 'create-blocks-from', 'openmetrics', data, tsdb], { maxBuffer: 64 * 1024 * 1024 });
  const config = join(dir, 'prometheus.yml');
  writeFileSync(config, 'global:\n  scrape_interval: 15s\n');
  const port = await freePort();
  const child = spawn(
    PROMETHEUS,
    [`--config.file=${config}`, `--storage.tsdb.path=${tsdb}`, '--storage.tsdb.retention.time=100y', `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'],
    { stdio: 'ignore' },
  );
  children.push(child);
  promUrl = `http://127.0.0.1:${port}/`;
  for (let i = 0; ; i++) {
    const ready = await fetch(`${promUrl}-/ready`).then((r) => r.ok, () => false);
    if (ready) break;
    if (i > 120) throw new Error('Prometheus did not get ready');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }

  const specs = join(dir, 'slos.yaml');
  writeFileSync(specs, SPECS);
  const window = ['--from', new Date(START).toISOString(), '--to', new Date(END).toISOString()];
  for (const db of ['api', 'offline']) {
    const file = join(dir, `${db}.duckdb`);
    const loaded = await pulse(['--db', file, 'import', 'slo', specs]);
    if (loaded.code !== 0) throw new Error(loaded.stderr);
    if (db === 'offline') {
      const imported = await pulse(['--db', file, 'import', 'prom', data]);
      if (imported.code !== 0) throw new Error(imported.stderr);
    }
    const source = db === 'api' ? ['--source', 'prometheus', '--prometheus', promUrl] : ['--source', 'offline'];
    const evaluated = await pulse(['--db', file, 'slo', 'eval', ...source, ...window]);
    if (evaluated.code !== 0 || !/buckets from/.test(evaluated.stdout)) throw new Error(`${evaluated.stdout}${evaluated.stderr}`);
  }
}, 300_000);

afterAll(() => {
  for (const child of children) child.kill('SIGTERM');
});

describe('burn rates against Prometheus', () => {
  it.each(INSTANTS.map((t) => [new Date(t).toISOString(), t]))('agree with sum(rate(errors[w])) / sum(rate(total[w])) at %s', async (_label, at) => {
    const api = await kpiRows(join(dir, 'api.duckdb'), at);
    const offline = await kpiRows(join(dir, 'offline.duckdb'), at);
    for (const job of ['aligned', 'offset']) {
      const id = `checkout-${job}/availability`;
      for (const rows of [api, offline]) {
        const row = rows.find((r) => r['slo'] === id);
        if (!row) throw new Error(`no row ${id}`);
        const budget = 1 - Number(row['objective']);
        for (const [name, ms] of WINDOWS) {
          expect(ms).toBeGreaterThan(0);
          const expected = await promRatio(job, name, at);
          const got = Number(row[`burn_rate_${name}`]) * budget;
          const relative = Math.abs(got - expected) / expected;
          expect(relative, `${job} ${name} at ${new Date(at).toISOString()}: Pulse ${got}, Prometheus ${expected}`).toBeLessThan(job === 'aligned' ? 1e-9 : 0.01);
        }
      }
    }
  });

  it('gives the same buckets through both paths: exactly with samples on the edges, within 1 % otherwise', async () => {
    for (const at of INSTANTS) {
      const api = await kpiRows(join(dir, 'api.duckdb'), at);
      const offline = await kpiRows(join(dir, 'offline.duckdb'), at);
      for (const [i, row] of api.entries()) {
        const other = offline[i] as Row;
        const aligned = row['slo'] === 'checkout-aligned/availability';
        for (const field of ['bad', 'total', 'burn_rate_5m', 'burn_rate_1h', 'burn_rate_1d']) {
          expect(Math.abs(Number(row[field]) - Number(other[field])) / Number(other[field]), `${String(row['slo'])} ${field}`).toBeLessThan(aligned ? 1e-9 : 0.01);
        }
        expect(row['status']).toBe(other['status']);
        // Near a threshold, a 1 % difference can move an alert's edge by a step: compared where the paths agree exactly.
        if (aligned) expect(row['alerts']).toEqual(other['alerts']);
      }
    }
  });

  it('pages during the burst', async () => {
    const [row] = (await kpiRows(join(dir, 'api.duckdb'), INSTANTS[1] ?? 0)).filter((r) => r['slo'] === 'checkout-aligned/availability');
    expect(row?.['status']).toBe('page');
  });
});
