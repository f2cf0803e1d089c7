import { afterEach, describe, expect, it } from 'vitest';
import { PrometheusApiError, PrometheusClient, type PrometheusClientOptions, type RangeChunkResult, type ResponseNotes } from './api.ts';
import { loopbackServer, sendJson, type Handler, type LoopbackServer, type RecordedRequest } from './loopback-server.ts';

const T0 = 1_700_000_000_000;
const MINUTE = 60_000;

let server: LoopbackServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(handler: Handler): Promise<LoopbackServer> {
  server = await loopbackServer(handler);
  return server;
}

/** The API parameters of a request, from its query string (GET) or form body (POST). */
function paramsOf(request: RecordedRequest): URLSearchParams {
  return request.method === 'POST' ? new URLSearchParams(request.body) : new URL(request.url, 'http://x').searchParams;
}

function success(data: unknown, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { status: 'success', data, ...extra };
}

/** A Prometheus-like query_range: two GPUs, one point per step, the value is the time in minutes. */
const rangeHandler: Handler = (request, response) => {
  const params = paramsOf(request);
  const start = Number(params.get('start'));
  const end = Number(params.get('end'));
  const step = Number(params.get('step'));
  const values: [number, string][] = [];
  for (let t = start; t <= end + 1e-9; t += step) values.push([t, String(Math.round(t / 60))]);
  // Label order differs between chunks, as it may between store shards.
  const flip = Math.round(start) % 2 === 1;
  sendJson(response, 200, success({
    resultType: 'matrix',
    result: ['0', '1'].map((gpu) => ({ metric: flip ? { gpu, __name__: 'util' } : { __name__: 'util', gpu }, values })),
  }));
};

interface Harness {
  readonly client: PrometheusClient;
  readonly sleeps: number[];
  readonly notes: ResponseNotes[];
}

function client(target: LoopbackServer, options: Partial<PrometheusClientOptions> = {}): Harness {
  const sleeps: number[] = [];
  const notes: ResponseNotes[] = [];
  const instance = new PrometheusClient({
    baseUrl: `${target.origin}/prometheus`,
    sleep: (ms) => {
      sleeps.push(ms);
      return Promise.resolve();
    },
    random: () => 0,
    onNotes: (n) => notes.push(n),
    ...options,
  });
  return { client: instance, sleeps, notes };
}

async function failure(promise: Promise<unknown>): Promise<PrometheusApiError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof PrometheusApiError) return error;
    throw error;
  }
  throw new Error('expected a PrometheusApiError');
}

describe('PrometheusClient.queryRange', () => {
  it('splits 11,001 points into two requests at the step after 11,000 and merges each series', async () => {
    const target = await serve(rangeHandler);
    const { client: api } = client(target);
    const end = T0 + 11_000 * MINUTE;
    const result = await api.queryRange('util', { startMs: T0, endMs: end, stepSeconds: 60 });

    expect(target.requests.map((r) => [r.method, new URL(r.url, 'http://x').pathname])).toEqual([
      ['GET', '/prometheus/api/v1/query_range'],
      ['GET', '/prometheus/api/v1/query_range'],
    ]);
    expect(target.requests.map((r) => Object.fromEntries(paramsOf(r)))).toEqual([
      { query: 'util', start: '1700000000', end: String((T0 + 10_999 * MINUTE) / 1000), step: '60' },
      { query: 'util', start: String(end / 1000), end: String(end / 1000), step: '60' },
    ]);
    expect(result.requests).toBe(2);
    expect(result.series.map((s) => s.labels.gpu)).toEqual(['0', '1']);
    for (const series of result.series) {
      expect(series.points).toHaveLength(11_001);
      expect(series.points.every((p, i) => p.timestampMs === T0 + i * MINUTE && p.value === Math.round((T0 + i * MINUTE) / MINUTE))).toBe(true);
    }
  });

  it('yields chunks with the place to resume, and a resumed range fetches only the rest', async () => {
    const target = await serve(rangeHandler);
    const { client: api } = client(target, { maxPointsPerSeries: 4 });
    const range = { startMs: T0, endMs: T0 + 9 * MINUTE + 30_000, stepSeconds: 60 };
    const parts: RangeChunkResult[] = [];
    for await (const part of api.iterateRange('util', range)) parts.push(part);
    expect(parts.map((p) => [p.chunk.startMs - T0, p.chunk.endMs - T0, p.chunkCount, p.nextStartMs === undefined ? undefined : p.nextStartMs - T0])).toEqual([
      [0, 3 * MINUTE, 3, 4 * MINUTE],
      [4 * MINUTE, 7 * MINUTE, 3, 8 * MINUTE],
      [8 * MINUTE, 9 * MINUTE, 3, undefined],
    ]);

    const resumedFrom = parts[0]?.nextStartMs ?? 0;
    const resumed: RangeChunkResult[] = [];
    for await (const part of api.iterateRange('util', { ...range, startMs: resumedFrom })) resumed.push(part);
    expect(resumed.map((p) => [p.chunk.startMs, p.chunk.endMs])).toEqual(parts.slice(1).map((p) => [p.chunk.startMs, p.chunk.endMs]));
  });

  it('sends the tenant header, bearer and basic auth, and never puts credentials in the URL', async () => {
    const target = await serve((_request, response) => sendJson(response, 200, success({ resultType: 'matrix', result: [] })));
    await client(target, { headers: { 'X-Scope-OrgID': 'gpu-fleet' }, auth: { kind: 'bearer', token: 's3cret' } }).client.queryRange('up', {
      startMs: T0,
      endMs: T0,
      stepSeconds: 15,
    });
    await client(target, { auth: { kind: 'basic', username: 'pulse', password: 'pa:ss' } }).client.query('up', T0);
    const [bearer, basic] = target.requests;
    expect(bearer?.headers['x-scope-orgid']).toBe('gpu-fleet');
    expect(bearer?.headers.authorization).toBe('Bearer s3cret');
    expect(basic?.headers.authorization).toBe(`Basic ${Buffer.from('pulse:pa:ss').toString('base64')}`);
    expect(target.requests.some((r) => r.url.includes('s3cret'))).toBe(false);
    expect(() => new PrometheusClient({ baseUrl: 'http://u:p@localhost:9090' })).toThrow(/credentials/);
  });

  it('returns warnings and infos with the data and reports them to onNotes', async () => {
    const target = await serve((request, response) => {
      const body = success({ resultType: 'matrix', result: [] }, { warnings: ['partial response: store eu-1 unavailable'], infos: ['metric might not be a counter'] });
      if (paramsOf(request).get('start') === '1700000000') sendJson(response, 200, body);
      else sendJson(response, 200, { ...body, warnings: ['partial response: store eu-1 unavailable', 'another'] });
    });
    const { client: api, notes } = client(target, { maxPointsPerSeries: 2 });
    const result = await api.queryRange('rate(x[5m])', { startMs: T0, endMs: T0 + 3 * MINUTE, stepSeconds: 60 });
    expect(result.warnings).toEqual(['partial response: store eu-1 unavailable', 'another']);
    expect(result.infos).toEqual(['metric might not be a counter']);
    expect(notes).toHaveLength(2);
    expect(notes[0]).toMatchObject({ query: 'rate(x[5m])', warnings: ['partial response: store eu-1 unavailable'], infos: ['metric might not be a counter'] });
  });

  it('POSTs a long query form-encoded', async () => {
    const target = await serve(rangeHandler);
    const long = `max_over_time(util{uuid=~"${Array.from({ length: 300 }, (_, i) => `GPU-${i}-5f1c2d3e`).join('|')}"}[1m])`;
    await client(target).client.queryRange(long, { startMs: T0, endMs: T0 + MINUTE, stepSeconds: 60 });
    const request = target.requests[0];
    expect(request?.method).toBe('POST');
    expect(request?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(paramsOf(request as RecordedRequest).get('query')).toBe(long);
  });

  it('rejects a step that is not a whole number of milliseconds before any request', async () => {
    const target = await serve(rangeHandler);
    await expect(client(target).client.queryRange('up', { startMs: T0, endMs: T0, stepSeconds: 0.0001 })).rejects.toThrow(RangeError);
    expect(target.requests).toHaveLength(0);
  });
});

describe('PrometheusClient.query', () => {
  it('returns the raw samples of a range selector as a matrix, with NaN and ±Inf', async () => {
    const target = await serve((_request, response) =>
      sendJson(response, 200, success({ resultType: 'matrix', result: [{ metric: { __name__: 'energy' }, values: [[1700000000.5, 'NaN'], [1700000015.5, '+Inf'], [1700000030.5, '-Inf'], [1700000045.5, '12.5']] }] })),
    );
    const response = await client(target).client.query('energy[2h]', T0 + 500);
    expect(Object.fromEntries(paramsOf(target.requests[0] as RecordedRequest))).toEqual({ query: 'energy[2h]', time: '1700000000.500' });
    expect(response.data.resultType).toBe('matrix');
    if (response.data.resultType !== 'matrix') return;
    const points = response.data.series[0]?.points ?? [];
    expect(points.map((p) => p.timestampMs)).toEqual([1_700_000_000_500, 1_700_000_015_500, 1_700_000_030_500, 1_700_000_045_500]);
    expect(points[0]?.value).toBeNaN();
    expect(points.slice(1).map((p) => p.value)).toEqual([Infinity, -Infinity, 12.5]);
  });
});

describe('PrometheusClient errors and retries', () => {
  it('retries a 503 with backoff and then succeeds', async () => {
    let calls = 0;
    const target = await serve((_request, response) => {
      calls++;
      if (calls === 1) sendJson(response, 503, { status: 'error', errorType: 'unavailable', error: 'ingesters are restarting' });
      else sendJson(response, 200, success({ resultType: 'vector', result: [{ metric: {}, value: [1700000000, '1'] }] }));
    });
    const { client: api, sleeps } = client(target);
    const response = await api.query('up', T0);
    expect(response.data).toEqual({ resultType: 'vector', samples: [{ labels: {}, timestampMs: T0, value: 1 }] });
    expect(target.requests).toHaveLength(2);
    expect(sleeps).toEqual([250]);
  });

  it('waits Retry-After on a 429', async () => {
    let calls = 0;
    const target = await serve((_request, response) => {
      calls++;
      if (calls === 1) sendJson(response, 429, { status: 'error', errorType: 'too_many_requests', error: 'slow down' }, { 'Retry-After': '3' });
      else sendJson(response, 200, success({ resultType: 'scalar', result: [1700000000, '2'] }));
    });
    const { client: api, sleeps } = client(target);
    await api.query('2', T0);
    expect(sleeps).toEqual([3000]);
  });

  it('surfaces 400 bad_data with the server text at once, without retrying', async () => {
    const target = await serve((_request, response) =>
      sendJson(response, 400, { status: 'error', errorType: 'bad_data', error: '1:5: parse error: unexpected right parenthesis \')\'' }),
    );
    const { client: api, sleeps } = client(target, { auth: { kind: 'bearer', token: 's3cret' } });
    const error = await failure(api.query('sum(x))', T0));
    expect(error).toMatchObject({ kind: 'server', status: 400, errorType: 'bad_data', attempts: 1, query: 'sum(x))' });
    expect(error.serverError).toContain('unexpected right parenthesis');
    expect(error.message).toContain('HTTP 400 bad_data: 1:5: parse error');
    expect(error.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/prometheus\/api\/v1\/query\?query=/);
    expect(error.message).not.toContain('s3cret');
    expect(sleeps).toEqual([]);
    expect(target.requests).toHaveLength(1);
  });

  it('gives up after the retries and says how many attempts were made', async () => {
    const target = await serve((_request, response) => {
      response.writeHead(502, { 'Content-Type': 'text/html' });
      response.end('<html><body><h1>502 Bad Gateway</h1></body></html>');
    });
    const { client: api, sleeps } = client(target, { retry: { retries: 2 } });
    const error = await failure(api.query('up', T0));
    expect(error).toMatchObject({ kind: 'server', status: 502, attempts: 3, errorType: undefined });
    expect(error.serverError).toContain('502 Bad Gateway');
    expect(sleeps).toEqual([250, 500]);
  });

  it('times out a slow response and retries it', async () => {
    let calls = 0;
    const target = await serve((_request, response) => {
      calls++;
      if (calls === 1) return; // never answers
      sendJson(response, 200, success({ resultType: 'vector', result: [] }));
    });
    const { client: api, sleeps } = client(target, { timeoutMs: 150 });
    const response = await api.query('up', T0);
    expect(response.data).toEqual({ resultType: 'vector', samples: [] });
    expect(sleeps).toEqual([250]);

    const stalled = await serve((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.write('{"status":"success","data":'); // the body never completes
    });
    const error = await failure(client(stalled, { timeoutMs: 150, retry: { retries: 1 } }).client.query('up', T0));
    expect(error).toMatchObject({ kind: 'timeout', attempts: 2 });
    expect(error.message).toContain('no complete response within 150 ms');
  });

  it('reports network errors with their cause after retrying', async () => {
    const closed = await loopbackServer(() => undefined);
    const origin = closed.origin;
    await closed.close();
    const sleeps: number[] = [];
    const api = new PrometheusClient({ baseUrl: origin, retry: { retries: 1 }, random: () => 0, sleep: (ms) => (sleeps.push(ms), Promise.resolve()) });
    const error = await failure(api.query('up', T0));
    expect(error).toMatchObject({ kind: 'network', attempts: 2, status: undefined });
    expect(error.message).toContain('ECONNREFUSED');
    expect(sleeps).toHaveLength(1);
  });

  it('calls a 200 that is not an API response a protocol error, and rejects native histograms', async () => {
    const target = await serve((request, response) => {
      if (paramsOf(request).get('query') === 'html') {
        response.writeHead(200, { 'Content-Type': 'text/html' });
        response.end('<html>login</html>');
      } else {
        sendJson(response, 200, success({ resultType: 'vector', result: [{ metric: {}, histogram: [1, { count: '2', sum: '3' }] }] }));
      }
    });
    const { client: api } = client(target);
    expect(await failure(api.query('html', T0))).toMatchObject({ kind: 'protocol', status: 200, attempts: 1 });
    const histogram = await failure(api.query('h', T0));
    expect(histogram.kind).toBe('protocol');
    expect(histogram.message).toContain('native histogram');
  });

  it('rejects with the abort reason and stops retrying when the signal aborts', async () => {
    const target = await serve((_request, response) => sendJson(response, 503, { status: 'error', errorType: 'unavailable', error: 'down' }));
    const controller = new AbortController();
    const reason = new Error('stopped by the user');
    const api = new PrometheusClient({
      baseUrl: target.origin,
      sleep: () => {
        controller.abort(reason);
        return Promise.reject(reason);
      },
    });
    await expect(api.query('up', T0, { signal: controller.signal })).rejects.toBe(reason);
    expect(target.requests).toHaveLength(1);
    await expect(api.query('up', T0, { signal: controller.signal })).rejects.toBe(reason);
    expect(target.requests).toHaveLength(1);
  });

  it('cuts the default backoff sleep short when the signal aborts', async () => {
    const target = await serve((_request, response) => sendJson(response, 503, { status: 'error', errorType: 'unavailable', error: 'down' }));
    const controller = new AbortController();
    const reason = new Error('stopped');
    const api = new PrometheusClient({ baseUrl: target.origin, retry: { baseDelayMs: 60_000, maxDelayMs: 60_000 } });
    const started = Date.now();
    setTimeout(() => controller.abort(reason), 100);
    await expect(api.query('up', T0, { signal: controller.signal })).rejects.toBe(reason);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(target.requests).toHaveLength(1);
  });
});
