/**
 * Client for the Prometheus HTTP API (`/api/v1/query`, `/api/v1/query_range`) as Prometheus, Thanos, Mimir
 * and VictoriaMetrics speak it. The IO shell over the pure modules `api-request` (URLs, GET or POST),
 * `api-chunks` (≤ 11,000 points per series), `api-result` (decoding, merging) and `api-retry` (backoff).
 *
 *   const client = new PrometheusClient({ baseUrl: 'http://mimir:8080/prometheus', headers: { 'X-Scope-OrgID': 'gpu' } });
 *   const { series, warnings } = await client.queryRange('max_over_time(DCGM_FI_PROF_GR_ENGINE_ACTIVE[1m])',
 *     { startMs, endMs, stepSeconds: 60 });
 *   for await (const part of client.iterateRange(expr, { startMs: resumeFrom, endMs, stepSeconds: 60 })) {
 *     store(part.series); saveProgress(part.nextStartMs);   // resume later with startMs = nextStartMs
 *   }
 *   const raw = await client.query('DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION[2h]', atMs);  // matrix of raw samples
 *
 * Times are epoch milliseconds. Every request has a timeout and is retried with exponential backoff and jitter
 * on network errors, timeouts, 429 and 5xx (honouring `Retry-After`); other 4xx fail at once. Failures are
 * `PrometheusApiError`s; an aborted `signal` rejects with its reason. Response `warnings` and `infos` are
 * returned with the data and also passed to `onNotes`. `fetch`, `now`, `sleep` and `random` are injectable.
 */
import { PrometheusApiError, type PrometheusErrorDetails } from './api-error.ts';
import { MAX_POINTS_PER_SERIES, planRangeChunks, type RangeChunk } from './api-chunks.ts';
import { buildApiRequest, DEFAULT_MAX_GET_URL_LENGTH, formatTimestamp, parseBaseUrl, type ApiEndpoint, type ApiRequest, type RequestMethod } from './api-request.ts';
import { decodeQueryData, envelopeSchema, mergeMatrices, ResponseShapeError, type ApiEnvelope, type QueryData, type RangeSeries } from './api-result.ts';
import { DEFAULT_RETRY_POLICY, nextRetryDelay, parseRetryAfter, type RetryPolicy } from './api-retry.ts';
import type { Labels } from './exposition-types.ts';
import { withAuthorization, type HttpAuth } from './http-auth.ts';

export { PrometheusApiError } from './api-error.ts';
export type { PrometheusErrorKind } from './api-error.ts';
export { MAX_POINTS_PER_SERIES, planRangeChunks } from './api-chunks.ts';
export type { RangeChunk } from './api-chunks.ts';
export type { InstantSample, Point, QueryData, RangeSeries } from './api-result.ts';
export type { RetryPolicy } from './api-retry.ts';
export type { RequestMethod } from './api-request.ts';

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;
export type Sleep = (ms: number, signal: AbortSignal | undefined) => Promise<void>;

/** `warnings` and `infos` of one response (only reported when at least one is present). */
export interface ResponseNotes {
  readonly query: string;
  readonly url: string;
  readonly warnings: readonly string[];
  readonly infos: readonly string[];
}

export interface PrometheusClientOptions {
  /** API root, with any path prefix: `http://prometheus:9090`, `http://mimir/prometheus`. No credentials. */
  readonly baseUrl: string;
  /** Extra headers on every request, e.g. `{ 'X-Scope-OrgID': 'tenant' }`. */
  readonly headers?: Labels;
  /** Resolved secret values (the caller reads them from the environment). */
  readonly auth?: HttpAuth;
  /** Per request, body included. Default 120 s. */
  readonly timeoutMs?: number;
  readonly retry?: Partial<RetryPolicy>;
  /** Default `auto`: GET, or POST when the URL would exceed `maxGetUrlLength` (default 2048). */
  readonly method?: RequestMethod;
  readonly maxGetUrlLength?: number;
  /** Points per series per `query_range` request. Default 11,000 (Prometheus' limit). */
  readonly maxPointsPerSeries?: number;
  readonly onNotes?: (notes: ResponseNotes) => void;
  readonly fetch?: FetchLike;
  /** Epoch ms; used to read `Retry-After` dates. */
  readonly now?: () => number;
  readonly sleep?: Sleep;
  /** In [0, 1); jitter of the backoff. */
  readonly random?: () => number;
}

export interface CallOptions {
  readonly signal?: AbortSignal;
}

export interface RangeParams {
  readonly startMs: number;
  /** Inclusive, as in Prometheus: the last evaluation is the last step at or before it. */
  readonly endMs: number;
  /** A whole number of milliseconds, e.g. 60 or 0.5. */
  readonly stepSeconds: number;
}

export interface QueryResponse {
  readonly data: QueryData;
  readonly warnings: readonly string[];
  readonly infos: readonly string[];
}

export interface RangeChunkResult {
  readonly chunk: RangeChunk;
  readonly chunkCount: number;
  readonly series: readonly RangeSeries[];
  readonly warnings: readonly string[];
  readonly infos: readonly string[];
  /** Where the rest of the range starts (pass it as `startMs` to resume); undefined after the last chunk. */
  readonly nextStartMs: number | undefined;
}

export interface RangeResponse {
  /** One series per label set, its points merged over all chunks. */
  readonly series: readonly RangeSeries[];
  /** Distinct warnings and infos of all chunks, in order of appearance. */
  readonly warnings: readonly string[];
  readonly infos: readonly string[];
  readonly requests: number;
}

type AttemptOutcome =
  | { readonly ok: true; readonly envelope: ApiEnvelope }
  | { readonly ok: false; readonly failure: PrometheusErrorDetails; readonly retryAfterMs: number | undefined };

const SNIPPET_LENGTH = 200;

function snippet(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > SNIPPET_LENGTH ? `${flat.slice(0, SNIPPET_LENGTH - 3)}...` : flat;
}

function parseEnvelope(text: string): ApiEnvelope | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = envelopeSchema.safeParse(json);
  return parsed.success ? parsed.data : undefined;
}

/** Sleeps `ms`, rejecting with the signal's reason when it aborts first. */
function abortableSleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function stepMilliseconds(stepSeconds: number): number {
  const stepMs = Math.round(stepSeconds * 1000);
  if (!(stepMs >= 1) || Math.abs(stepMs - stepSeconds * 1000) > 1e-6) {
    throw new RangeError(`stepSeconds must be a positive whole number of milliseconds, got ${stepSeconds}`);
  }
  return stepMs;
}

function addDistinct(into: string[], items: readonly string[]): void {
  for (const item of items) if (!into.includes(item)) into.push(item);
}

export class PrometheusClient {
  private readonly endpoint: ApiEndpoint;
  private readonly timeoutMs: number;
  private readonly retry: RetryPolicy;
  private readonly maxPoints: number;
  private readonly onNotes: ((notes: ResponseNotes) => void) | undefined;
  private readonly fetch: FetchLike;
  private readonly now: () => number;
  private readonly sleep: Sleep;
  private readonly random: () => number;

  /** @throws TypeError for an unusable base URL (see `parseBaseUrl`). */
  constructor(options: PrometheusClientOptions) {
    this.endpoint = {
      baseUrl: parseBaseUrl(options.baseUrl),
      headers: withAuthorization(options.headers ?? {}, options.auth),
      method: options.method ?? 'auto',
      maxGetUrlLength: options.maxGetUrlLength ?? DEFAULT_MAX_GET_URL_LENGTH,
    };
    this.timeoutMs = options.timeoutMs ?? 120_000;
    this.retry = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.maxPoints = options.maxPointsPerSeries ?? MAX_POINTS_PER_SERIES;
    this.onNotes = options.onNotes;
    this.fetch = options.fetch ?? ((url, init) => fetch(url, init));
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? abortableSleep;
    this.random = options.random ?? Math.random;
  }

  /** Instant query at `timeMs`; a range selector (`metric[2h]`) gives a matrix of raw samples. */
  async query(query: string, timeMs: number, options: CallOptions = {}): Promise<QueryResponse> {
    const { data, warnings, infos } = await this.call('query', query, { query, time: formatTimestamp(timeMs) }, options.signal);
    return { data, warnings, infos };
  }

  /** The whole range, fetched chunk by chunk and merged per series. */
  async queryRange(query: string, range: RangeParams, options: CallOptions = {}): Promise<RangeResponse> {
    const parts: (readonly RangeSeries[])[] = [];
    const warnings: string[] = [];
    const infos: string[] = [];
    for await (const part of this.iterateRange(query, range, options)) {
      parts.push(part.series);
      addDistinct(warnings, part.warnings);
      addDistinct(infos, part.infos);
    }
    return { series: mergeMatrices(parts), warnings, infos, requests: parts.length };
  }

  /**
   * One `query_range` request per chunk, in time order. Persist `nextStartMs` after handling a chunk to resume
   * an interrupted range where it stopped.
   * @throws RangeError (before any request) for an invalid range or step.
   */
  async *iterateRange(query: string, range: RangeParams, options: CallOptions = {}): AsyncGenerator<RangeChunkResult, void, undefined> {
    const stepMs = stepMilliseconds(range.stepSeconds);
    const chunks = planRangeChunks(range.startMs, range.endMs, stepMs, this.maxPoints);
    for (const chunk of chunks) {
      const params = { query, start: formatTimestamp(chunk.startMs), end: formatTimestamp(chunk.endMs), step: formatTimestamp(stepMs) };
      const response = await this.call('query_range', query, params, options.signal);
      if (response.data.resultType !== 'matrix') {
        throw new PrometheusApiError({ kind: 'protocol', url: response.url, query, serverError: `query_range answered with a ${response.data.resultType}, not a matrix` });
      }
      yield {
        chunk,
        chunkCount: chunks.length,
        series: response.data.series,
        warnings: response.warnings,
        infos: response.infos,
        nextStartMs: chunk.index === chunks.length - 1 ? undefined : chunk.endMs + stepMs,
      };
    }
  }

  private async call(path: 'query' | 'query_range', query: string, params: Labels, signal: AbortSignal | undefined): Promise<QueryResponse & { readonly url: string }> {
    const request = buildApiRequest(this.endpoint, path, params);
    const envelope = await this.send(request, query, signal);
    let data: QueryData;
    try {
      data = decodeQueryData(envelope.data);
    } catch (error) {
      if (!(error instanceof ResponseShapeError)) throw error;
      throw new PrometheusApiError({ kind: 'protocol', url: request.url, query, serverError: error.message, warnings: envelope.warnings, cause: error });
    }
    const warnings = envelope.warnings ?? [];
    const infos = envelope.infos ?? [];
    if (warnings.length > 0 || infos.length > 0) this.onNotes?.({ query, url: request.url, warnings, infos });
    return { data, warnings, infos, url: request.url };
  }

  /** Attempts with retries; resolves with a success envelope. */
  private async send(request: ApiRequest, query: string, signal: AbortSignal | undefined): Promise<ApiEnvelope> {
    for (let attempt = 1; ; attempt++) {
      signal?.throwIfAborted();
      const outcome = await this.attempt(request, query, signal);
      if (outcome.ok) return outcome.envelope;
      const delay = nextRetryDelay(attempt - 1, { status: outcome.failure.status, retryAfterMs: outcome.retryAfterMs }, this.retry, this.random());
      if (delay === undefined) throw new PrometheusApiError({ ...outcome.failure, attempts: attempt });
      await this.sleep(delay, signal);
    }
  }

  private async attempt(request: ApiRequest, query: string, signal: AbortSignal | undefined): Promise<AttemptOutcome> {
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), this.timeoutMs);
    const combined = signal === undefined ? timeout.signal : AbortSignal.any([signal, timeout.signal]);
    const context = { url: request.url, query };
    let response: Response;
    let text: string;
    try {
      response = await this.fetch(request.url, { method: request.method, headers: request.headers, body: request.body, signal: combined });
      text = await response.text();
    } catch (cause) {
      if (signal?.aborted) throw signal.reason;
      const failure: PrometheusErrorDetails = timeout.signal.aborted
        ? { ...context, kind: 'timeout', cause: new Error(`no complete response within ${this.timeoutMs} ms`) }
        : { ...context, kind: 'network', cause: networkCause(cause) };
      return { ok: false, failure, retryAfterMs: undefined };
    } finally {
      clearTimeout(timer);
    }
    return this.interpret(response, text, context);
  }

  private interpret(response: Response, text: string, context: { url: string; query: string }): AttemptOutcome {
    const envelope = parseEnvelope(text);
    const status = response.status;
    if (response.ok && envelope?.status === 'success') return { ok: true, envelope };
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), this.now());
    if (envelope === undefined) {
      const kind = response.ok ? 'protocol' : 'server';
      const serverError = response.ok ? `expected a Prometheus API JSON response, got: ${snippet(text)}` : snippet(text) || response.statusText;
      return { ok: false, failure: { ...context, kind, status, serverError }, retryAfterMs };
    }
    return {
      ok: false,
      failure: { ...context, kind: 'server', status, errorType: envelope.errorType, serverError: envelope.error, warnings: envelope.warnings },
      retryAfterMs,
    };
  }
}

/** undici's `fetch failed` TypeError hides the reason in `cause`: keep the more specific one. */
function networkCause(error: unknown): unknown {
  if (error instanceof Error && error.cause instanceof Error) return new Error(`${error.message}: ${error.cause.message}`, { cause: error.cause });
  return error;
}
