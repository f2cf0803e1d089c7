import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loopbackServer, type LoopbackServer } from './loopback-server.ts';
import { jitteredDelay, runScrapeCycle, scrapeTarget, upSamples, type ScrapedSample, type ScrapeResult } from './scrape.ts';
import { buildTargets, scrapeSettings, type ScrapeSettingsInput, type ScrapeTarget } from './scrape-target.ts';

const NOW = 1_700_000_123_000;

const TEXT = `# HELP DCGM_FI_DEV_GPU_UTIL GPU utilization (in %).
# TYPE DCGM_FI_DEV_GPU_UTIL gauge
DCGM_FI_DEV_GPU_UTIL{gpu="0",UUID="GPU-a",pod="trainer-0",job="dcgm-exporter"} 87
DCGM_FI_DEV_GPU_UTIL{gpu="1",UUID="GPU-b"} NaN 1700000000000
# TYPE go_goroutines gauge
go_goroutines 42
`;

const OPENMETRICS = `# TYPE DCGM_FI_DEV_POWER_USAGE_watts gauge
# UNIT DCGM_FI_DEV_POWER_USAGE_watts watts
DCGM_FI_DEV_POWER_USAGE_watts{gpu="0"} 250.5
# TYPE DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION counter
DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION_total{gpu="0"} 1.5e+09 1700000000.250
# EOF
`;

const GARBAGE = `# TYPE DCGM_FI_DEV_GPU_UTIL gauge
DCGM_FI_DEV_GPU_UTIL{gpu="0"} 87
DCGM_FI_DEV_GPU_UTIL{gpu="1" 12
`;

let server: LoopbackServer;

beforeAll(async () => {
  server = await loopbackServer(async (request, response) => {
    const path = new URL(request.url, 'http://x').pathname;
    switch (path) {
      case '/text':
        response.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8' });
        response.end(TEXT);
        return;
      case '/openmetrics-gzip': {
        if (!String(request.headers['accept-encoding']).includes('gzip') || !String(request.headers.accept).startsWith('application/openmetrics-text')) {
          response.writeHead(406).end();
          return;
        }
        response.writeHead(200, { 'Content-Type': 'application/openmetrics-text; version=1.0.0; charset=utf-8', 'Content-Encoding': 'gzip' });
        response.end(gzipSync(OPENMETRICS));
        return;
      }
      case '/no-content-type':
        response.writeHead(200);
        response.end('up_metric 1\n');
        return;
      case '/500':
        response.writeHead(500, 'Internal Server Error', { 'Content-Type': 'text/plain' });
        response.end('exporter crashed');
        return;
      case '/500-gzip':
        response.writeHead(500, { 'Content-Type': 'text/plain', 'Content-Encoding': 'gzip' });
        response.end(gzipSync('exporter crashed'));
        return;
      case '/hang':
        return;
      case '/hang-mid-body':
        response.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4' });
        response.write('a 1\nb 2\n');
        return;
      case '/garbage':
        response.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4' });
        response.end(GARBAGE);
        return;
      case '/bad-gzip':
        response.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4', 'Content-Encoding': 'gzip' });
        response.end('certainly not gzip');
        return;
      case '/brotli':
        response.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4', 'Content-Encoding': 'br' });
        response.end('x');
        return;
      case '/auth': {
        const expected = [`Bearer t0ken`, `Basic ${Buffer.from('scraper:pw').toString('base64')}`];
        if (!expected.includes(String(request.headers.authorization))) {
          response.writeHead(401, 'Unauthorized').end();
          return;
        }
        response.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4' });
        response.end('secured 1\n');
        return;
      }
      case '/slow':
        await new Promise((resolve) => setTimeout(resolve, 60));
        response.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4' });
        response.end('slow 1\n');
        return;
      default:
        response.writeHead(404).end();
    }
  });
});

afterAll(async () => {
  await server.close();
});

function target(path: string, input: Partial<ScrapeSettingsInput> = {}, labels: Record<string, string> = {}): ScrapeTarget {
  const address = new URL(server.origin).host;
  const [built] = buildTargets([{ targets: [address], labels: { __metrics_path__: path, ...labels } }], scrapeSettings({ job: 'dcgm', timeoutMs: 2_000, ...input }));
  if (built === undefined) throw new Error('no target');
  return built;
}

interface Collected {
  readonly results: ScrapeResult[];
  readonly samples: Map<ScrapeTarget, ScrapedSample[]>;
}

async function cycle(targets: readonly ScrapeTarget[], concurrency = 4): Promise<Collected> {
  const samples = new Map<ScrapeTarget, ScrapedSample[]>();
  const results = await runScrapeCycle(targets, {
    concurrency,
    now: () => NOW,
    onSample: (sample, from) => {
      const list = samples.get(from) ?? [];
      list.push(sample);
      samples.set(from, list);
    },
  });
  return { results, samples };
}

describe('scrapeTarget over HTTP', () => {
  it('scrapes text 0.0.4 with the target labels attached and the scrape time for samples without one', async () => {
    const healthy = target('/text', { labels: { cluster: 'train' } });
    const { results, samples } = await cycle([healthy]);
    expect(results[0]).toMatchObject({ up: 1, samples: 3, droppedSamples: 0, format: 'prometheus', startedAtMs: NOW });
    expect(results[0]?.error).toBeUndefined();
    const got = samples.get(healthy) ?? [];
    expect(got.map((s) => [s.name, s.labels, s.timestampMs])).toEqual([
      ['DCGM_FI_DEV_GPU_UTIL', { gpu: '0', UUID: 'GPU-a', pod: 'trainer-0', job: 'dcgm', exported_job: 'dcgm-exporter', instance: new URL(server.origin).host, cluster: 'train' }, NOW],
      ['DCGM_FI_DEV_GPU_UTIL', { gpu: '1', UUID: 'GPU-b', job: 'dcgm', instance: new URL(server.origin).host, cluster: 'train' }, 1_700_000_000_000],
      ['go_goroutines', { job: 'dcgm', instance: new URL(server.origin).host, cluster: 'train' }, NOW],
    ]);
    expect(got[1]?.value).toBeNaN();
    expect(got[0]?.family).toMatchObject({ name: 'DCGM_FI_DEV_GPU_UTIL', type: 'gauge', help: 'GPU utilization (in %).' });
    const request = server.requests.find((r) => r.url === '/text');
    expect(request?.headers.accept).toMatch(/^application\/openmetrics-text;version=1\.0\.0,.*text\/plain;version=0\.0\.4;q=0\.5/);
    expect(request?.headers['accept-encoding']).toBe('gzip');
  });

  it('negotiates OpenMetrics, gunzips it and parses it as OpenMetrics', async () => {
    const om = target('/openmetrics-gzip');
    const { results, samples } = await cycle([om]);
    expect(results[0]).toMatchObject({ up: 1, format: 'openmetrics', samples: 2 });
    expect((samples.get(om) ?? []).map((s) => [s.name, s.value, s.timestampMs, s.family.unit])).toEqual([
      ['DCGM_FI_DEV_POWER_USAGE_watts', 250.5, NOW, 'watts'],
      ['DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION_total', 1.5e9, 1_700_000_000_250, null],
    ]);
  });

  it('asks for text 0.0.4 only when told to, and parses a body without a content type as text 0.0.4', async () => {
    const { results } = await cycle([target('/text', { accept: 'text', gzip: false }), target('/no-content-type')]);
    expect(results.map((r) => [r.up, r.format])).toEqual([
      [1, 'prometheus'],
      [1, 'prometheus'],
    ]);
    const request = server.requests.filter((r) => r.url === '/text').at(-1);
    expect(request?.headers.accept).toBe('text/plain;version=0.0.4,*/*;q=0.1');
    expect(request?.headers['accept-encoding']).toBe('identity');
  });

  it('marks failing targets down with the reason and still scrapes the others', async () => {
    const targets = [
      target('/500'),
      target('/hang', { timeoutMs: 300 }),
      target('/garbage'),
      target('/hang-mid-body', { timeoutMs: 300 }),
      target('/bad-gzip'),
      target('/brotli'),
      target('/500-gzip'),
      target('/text'),
    ];
    const started = Date.now();
    const results = await runScrapeCycle(targets, { concurrency: 8, onSample: () => undefined });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(results.map((r) => [r.target.url.replace(server.origin, ''), r.up, r.error?.kind])).toEqual([
      ['/500', 0, 'http'],
      ['/hang', 0, 'timeout'],
      ['/garbage', 0, 'parse'],
      ['/hang-mid-body', 0, 'timeout'],
      ['/bad-gzip', 0, 'encoding'],
      ['/brotli', 0, 'encoding'],
      ['/500-gzip', 0, 'http'],
      ['/text', 1, undefined],
    ]);
    const [http, hang, garbage, midBody] = results;
    expect(http?.error).toMatchObject({ status: 500, message: 'server returned HTTP status 500 Internal Server Error' });
    expect(hang?.error?.message).toBe('scrape timed out after 300 ms');
    expect(hang?.durationMs).toBeGreaterThanOrEqual(250);
    expect(garbage?.error).toMatchObject({ line: 3, column: 30 });
    expect(garbage?.error?.message).toMatch(/^invalid exposition: line 3, column 30: /);
    expect(garbage?.samples).toBe(1);
    expect(midBody?.samples).toBe(2);
  });

  it('marks an unreachable target down', async () => {
    const closed = await loopbackServer(() => undefined);
    const [unreachable] = buildTargets([{ targets: [new URL(closed.origin).host], labels: {} }], scrapeSettings({ job: 'x' }));
    await closed.close();
    const result = await scrapeTarget(unreachable as ScrapeTarget, { onSample: () => undefined });
    expect(result).toMatchObject({ up: 0, error: { kind: 'network' } });
    expect(result.error?.message).toContain('ECONNREFUSED');
  });

  it('sends bearer and basic auth', async () => {
    const { results } = await cycle([
      target('/auth', { auth: { kind: 'bearer', token: 't0ken' } }),
      target('/auth', { auth: { kind: 'basic', username: 'scraper', password: 'pw' } }),
      target('/auth', { auth: { kind: 'bearer', token: 'wrong' } }),
      target('/auth'),
    ]);
    expect(results.map((r) => [r.up, r.error?.status])).toEqual([
      [1, undefined],
      [1, undefined],
      [0, 401],
      [0, 401],
    ]);
  });

  it('keeps and drops samples by metric name', async () => {
    const filtered = target('/text', { keep: ['DCGM_.*'], drop: ['.*_UTIL'] });
    const kept = target('/text', { keep: ['DCGM_.*'] }, { variant: 'kept' });
    const { results, samples } = await cycle([filtered, kept], 1);
    expect(results.map((r) => [r.samples, r.droppedSamples])).toEqual([
      [0, 3],
      [2, 1],
    ]);
    expect(samples.get(filtered)).toBeUndefined();
  });

  it('keeps at most `concurrency` scrapes in flight across targets', async () => {
    const limited = await loopbackServer(async (_request, response) => {
      await new Promise((resolve) => setTimeout(resolve, 60));
      response.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4' });
      response.end('slow 1\n');
    });
    try {
      const host = new URL(limited.origin).host;
      const targets = buildTargets(
        Array.from({ length: 10 }, (_, i) => ({ targets: [host], labels: { __metrics_path__: `/slow/${i}` } })),
        scrapeSettings({ job: 'slow' }),
      );
      const results = await runScrapeCycle(targets, { concurrency: 3, onSample: () => undefined });
      expect(results.every((r) => r.up === 1)).toBe(true);
      expect(limited.requests).toHaveLength(10);
      expect(limited.maxInFlight()).toBe(3);
    } finally {
      await limited.close();
    }
  });

  it('rejects the cycle when the sample callback throws, and when the signal aborts', async () => {
    const broken = new Error('store is full');
    await expect(
      runScrapeCycle([target('/text'), target('/slow')], {
        concurrency: 2,
        onSample: () => {
          throw broken;
        },
      }),
    ).rejects.toBe(broken);

    const controller = new AbortController();
    const reason = new Error('Ctrl-C');
    setTimeout(() => controller.abort(reason), 50);
    await expect(runScrapeCycle([target('/hang', { timeoutMs: 5_000 })], { concurrency: 1, onSample: () => undefined, signal: controller.signal })).rejects.toBe(reason);
  });
});

describe('upSamples', () => {
  it('gives up, duration and sample counts with the target labels', async () => {
    const result = await scrapeTarget(target('/text', { drop: ['go_.*'] }), { onSample: () => undefined, now: () => NOW });
    expect(upSamples(result).map((s) => [s.name, s.value, s.timestampMs, s.labels.job])).toEqual([
      ['up', 1, NOW, 'dcgm'],
      ['scrape_duration_seconds', 0, NOW, 'dcgm'],
      ['scrape_samples_scraped', 3, NOW, 'dcgm'],
      ['scrape_samples_post_metric_relabeling', 2, NOW, 'dcgm'],
    ]);
  });
});

describe('jitteredDelay', () => {
  it('is a stable offset within the interval, spread across targets', () => {
    const interval = 30_000;
    const offsets = Array.from({ length: 200 }, (_, i) => jitteredDelay(interval, `http://gpu-${i}:9400/metrics`));
    expect(offsets.every((o) => Number.isInteger(o) && o >= 0 && o < interval)).toBe(true);
    expect(jitteredDelay(interval, 'http://gpu-7:9400/metrics')).toBe(offsets[7]);
    const buckets = new Set(offsets.map((o) => Math.floor(o / 3_000)));
    expect(buckets.size).toBe(10);
  });

  it('with a clock, waits until the target slot of the current or next interval', () => {
    const key = 'http://gpu-1:9400/metrics';
    const offset = jitteredDelay(15_000, key);
    const base = 1_700_000_010_000 - (1_700_000_010_000 % 15_000);
    expect(jitteredDelay(15_000, key, base)).toBe(offset);
    expect(jitteredDelay(15_000, key, base + offset)).toBe(0);
    expect(jitteredDelay(15_000, key, base + offset + 1)).toBe(14_999);
    expect(() => jitteredDelay(0, key)).toThrow(RangeError);
  });
});
