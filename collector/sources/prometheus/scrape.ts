/**
 * Scraping exposition endpoints: the IO shell over `scrape-http` (transport), `ExpositionParser` (streaming
 * parse), `scrape-filter` (keep/drop, target labels) and `scrape-target` (the target model).
 *
 *   const results = await runScrapeCycle(targets, { concurrency: 8, onSample: (sample, target) => buffer(target, sample) });
 *   for (const result of results) if (result.up === 1) commit(result.target); else discard(result.target);
 *
 * - `scrapeTarget` fetches one target (Accept negotiating OpenMetrics / text 0.0.4, gzip, auth, TLS), streams the
 *   body into the parser with the response's content type (text 0.0.4 when it names no format, as Prometheus
 *   2 did) and hands each kept sample to `onSample` as it is parsed. A scrape that fails part-way (timeout,
 *   garbage) has already emitted its first samples: like Prometheus, which rolls such a scrape back, the
 *   caller should keep a target's samples only when its result says `up: 1`.
 * - A target that times out, answers non-200, is unreachable or sends garbage gives `up: 0` with the reason
 *   (the parser's line and column included) and never stops the other targets. An error thrown by
 *   `onSample` is the caller's and rejects the scrape (and the cycle); so does an aborted `signal`.
 * - `runScrapeCycle` scrapes targets with at most `concurrency` in flight; `jitteredDelay` spreads targets
 *   over the interval deterministically (Prometheus' per-target offset); `upSamples` gives the `up` and
 *   `scrape_*` series of a result.
 */
import { ExpositionError, ExpositionParser, detectExpositionFormat } from './exposition.ts';
import type { ExpositionFormat, ExpositionSample, Labels, MetricFamily } from './exposition-types.ts';
import { withAuthorization } from './http-auth.ts';
import { attachTargetLabels } from './scrape-filter.ts';
import { ContentEncodingError, nodeScrapeTransport, type ScrapeTransport } from './scrape-http.ts';
import type { ScrapeAccept, ScrapeTarget } from './scrape-target.ts';

export interface ScrapedSample {
  readonly name: string;
  /** Exposed labels with the target's labels attached. */
  readonly labels: Labels;
  readonly value: number;
  /** The sample's own timestamp, or the scrape's start when it has none. */
  readonly timestampMs: number;
  readonly family: MetricFamily;
}

/**
 * Why a target is down: `timeout` (no complete body in time), `http` (a status other than 200), `network`
 * (connection, DNS, TLS), `encoding` (unsupported or corrupt Content-Encoding), `parse` (invalid exposition;
 * `line` and `column` locate it).
 */
export type ScrapeFailureKind = 'timeout' | 'http' | 'network' | 'encoding' | 'parse';

export interface ScrapeFailure {
  readonly kind: ScrapeFailureKind;
  readonly message: string;
  readonly status?: number;
  readonly line?: number;
  readonly column?: number;
}

export interface ScrapeResult {
  readonly target: ScrapeTarget;
  readonly up: 0 | 1;
  readonly startedAtMs: number;
  readonly durationMs: number;
  /** Samples handed to `onSample` (kept by the filters). */
  readonly samples: number;
  /** Samples parsed but dropped by the keep/drop filters. */
  readonly droppedSamples: number;
  /** The format the body was parsed as; undefined when no body was parsed. */
  readonly format?: ExpositionFormat;
  readonly error?: ScrapeFailure;
}

export type SampleCallback = (sample: ScrapedSample, target: ScrapeTarget) => void;

export interface ScrapeOptions {
  readonly onSample: SampleCallback;
  readonly transport?: ScrapeTransport;
  /** Epoch ms. */
  readonly now?: () => number;
  readonly signal?: AbortSignal;
}

export interface ScrapeCycleOptions extends ScrapeOptions {
  /** Targets scraped at the same time, across all jobs. */
  readonly concurrency: number;
  /** Called as each target finishes. */
  readonly onResult?: (result: ScrapeResult) => void;
}

const ACCEPT: Readonly<Record<ScrapeAccept, string>> = {
  openmetrics: 'application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1',
  text: 'text/plain;version=0.0.4,*/*;q=0.1',
};

/** The request headers of a target: Accept, Accept-Encoding, Prometheus' scrape-timeout hint and Authorization. */
export function scrapeHeaders(target: ScrapeTarget): Labels {
  const { settings } = target;
  const headers = { Accept: ACCEPT[settings.accept], 'Accept-Encoding': settings.gzip ? 'gzip' : 'identity', 'X-Prometheus-Scrape-Timeout-Seconds': String(settings.timeoutMs / 1000) };
  return withAuthorization(headers, settings.auth);
}

function failureOf(error: unknown, timedOut: boolean, timeoutMs: number): ScrapeFailure {
  if (timedOut) return { kind: 'timeout', message: `scrape timed out after ${timeoutMs} ms` };
  if (error instanceof ExpositionError) return { kind: 'parse', message: `invalid exposition: ${error.message}`, line: error.line, column: error.column };
  if (error instanceof ContentEncodingError) return { kind: 'encoding', message: error.message };
  return { kind: 'network', message: error instanceof Error ? error.message : String(error) };
}

/** Scrapes one target; resolves with `up: 0` for any failure of the target itself. */
export async function scrapeTarget(target: ScrapeTarget, options: ScrapeOptions): Promise<ScrapeResult> {
  const now = options.now ?? Date.now;
  const transport = options.transport ?? nodeScrapeTransport;
  const { settings } = target;
  const outer = options.signal;
  outer?.throwIfAborted();

  const startedAtMs = now();
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new Error(`scrape timed out after ${settings.timeoutMs} ms`));
  }, settings.timeoutMs);
  const onOuterAbort = (): void => controller.abort(outer?.reason);
  outer?.addEventListener('abort', onOuterAbort, { once: true });

  let samples = 0;
  let droppedSamples = 0;
  let format: ExpositionFormat | undefined;
  let handlerFailure: { readonly error: unknown } | undefined;
  const finish = (failure: ScrapeFailure | undefined): ScrapeResult => ({
    target,
    up: failure === undefined ? 1 : 0,
    startedAtMs,
    durationMs: Math.max(0, now() - startedAtMs),
    samples,
    droppedSamples,
    ...(format === undefined ? {} : { format }),
    ...(failure === undefined ? {} : { error: failure }),
  });
  const emit = (sample: ExpositionSample): void => {
    if (!settings.metricFilter(sample.name)) {
      droppedSamples++;
      return;
    }
    samples++;
    const scraped: ScrapedSample = {
      name: sample.name,
      labels: attachTargetLabels(sample.labels, target.labels, settings.honorLabels),
      value: sample.value,
      timestampMs: sample.timestampMs ?? startedAtMs,
      family: sample.family,
    };
    try {
      options.onSample(scraped, target);
    } catch (error) {
      handlerFailure = { error };
      throw error;
    }
  };

  try {
    const response = await transport({ url: target.url, headers: scrapeHeaders(target), tls: settings.tls, signal: controller.signal });
    if (response.status !== 200) {
      return finish({ kind: 'http', status: response.status, message: `server returned HTTP status ${response.status} ${response.statusText}`.trimEnd() });
    }
    format = detectExpositionFormat({ contentType: response.contentType }) ?? 'prometheus';
    const parser = new ExpositionParser(emit, { format, strict: false });
    for await (const chunk of response.body) parser.write(chunk);
    parser.end();
    return finish(undefined);
  } catch (error) {
    if (handlerFailure !== undefined) throw handlerFailure.error;
    if (outer?.aborted) throw outer.reason;
    return finish(failureOf(error, timedOut, settings.timeoutMs));
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener('abort', onOuterAbort);
    controller.abort();
  }
}

/**
 * Scrapes every target once, at most `concurrency` at a time, and resolves with one result per target in the
 * order given. Rejects when `onSample` throws or `signal` aborts, after the scrapes in flight have settled.
 */
export async function runScrapeCycle(targets: readonly ScrapeTarget[], options: ScrapeCycleOptions): Promise<ScrapeResult[]> {
  if (!Number.isInteger(options.concurrency) || options.concurrency < 1) throw new RangeError(`concurrency must be an integer ≥ 1, got ${options.concurrency}`);
  const stop = new AbortController();
  const signal = options.signal === undefined ? stop.signal : AbortSignal.any([options.signal, stop.signal]);
  const scrapeOptions: ScrapeOptions = { ...options, signal };
  const results: ScrapeResult[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < targets.length && !signal.aborted) {
      const index = next++;
      const target = targets[index];
      if (target === undefined) return;
      try {
        const result = await scrapeTarget(target, scrapeOptions);
        results[index] = result;
        options.onResult?.(result);
      } catch (error) {
        stop.abort(error);
        throw error;
      }
    }
  };
  const settled = await Promise.allSettled(Array.from({ length: Math.min(options.concurrency, targets.length) }, worker));
  options.signal?.throwIfAborted();
  for (const outcome of settled) if (outcome.status === 'rejected') throw outcome.reason;
  return results;
}

/** 32-bit FNV-1a over UTF-16 code units. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

/**
 * A target's fixed offset in [0, intervalMs), derived from `key` (e.g. the target URL), so targets spread over
 * the interval and each keeps its slot across restarts. With `nowMs`, the wait from then until the target's
 * next slot on the wall clock (slots at offset + k·interval), as Prometheus schedules scrapes.
 */
export function jitteredDelay(intervalMs: number, key: string, nowMs?: number): number {
  if (!Number.isSafeInteger(intervalMs) || intervalMs < 1) throw new RangeError(`intervalMs must be an integer ≥ 1, got ${intervalMs}`);
  const offset = fnv1a(key) % intervalMs;
  if (nowMs === undefined) return offset;
  const phase = ((nowMs % intervalMs) + intervalMs) % intervalMs;
  return (offset - phase + intervalMs) % intervalMs;
}

const gauge = (name: string, help: string): MetricFamily => ({ name, type: 'gauge', help, unit: null });
const UP = gauge('up', 'Whether the target was scraped successfully (1) or not (0).');
const DURATION = gauge('scrape_duration_seconds', 'Duration of the scrape.');
const SCRAPED = gauge('scrape_samples_scraped', 'Samples the target exposed.');
const KEPT = gauge('scrape_samples_post_metric_relabeling', 'Samples left after the keep/drop filters.');

/** The series Prometheus adds per scrape, stamped with the scrape's start and the target's labels. */
export function upSamples(result: ScrapeResult): ScrapedSample[] {
  const labels = result.target.labels;
  const at = (family: MetricFamily, value: number): ScrapedSample => ({ name: family.name, labels, value, timestampMs: result.startedAtMs, family });
  return [
    at(UP, result.up),
    at(DURATION, result.durationMs / 1000),
    at(SCRAPED, result.samples + result.droppedSamples),
    at(KEPT, result.samples),
  ];
}
