/**
 * `PrometheusApiError`: a Prometheus HTTP API request that failed for good (after its retries). It carries the
 * request URL (base URLs never hold credentials: the client refuses them), the HTTP status, the server's
 * `errorType` / `error` and warnings, and how many attempts were made. `kind` says what failed:
 * - `server`: the server answered with an error (HTTP status ≥ 400 or an error envelope);
 * - `network`: no answer (connection refused or reset, DNS, TLS);
 * - `timeout`: no complete answer within the per-request timeout;
 * - `protocol`: an answer that is not a Prometheus API response (HTML from a proxy, another result type).
 */

export type PrometheusErrorKind = 'server' | 'network' | 'timeout' | 'protocol';

export interface PrometheusErrorDetails {
  readonly kind: PrometheusErrorKind;
  readonly url: string;
  /** The PromQL expression of the request. */
  readonly query: string;
  readonly status?: number | undefined;
  /** The server's `errorType`, e.g. `bad_data`, `execution`, `timeout`, `unavailable`. */
  readonly errorType?: string | undefined;
  /** The server's `error` text, or the start of a non-JSON body. */
  readonly serverError?: string | undefined;
  readonly warnings?: readonly string[] | undefined;
  readonly attempts?: number | undefined;
  readonly cause?: unknown;
}

function describeFailure(details: PrometheusErrorDetails): string {
  const parts: string[] = [];
  if (details.status !== undefined) parts.push(`HTTP ${details.status}`);
  if (details.errorType !== undefined) parts.push(details.errorType);
  const head = parts.length > 0 ? `${parts.join(' ')}: ` : '';
  const cause = details.cause instanceof Error ? details.cause.message : undefined;
  return `${head}${details.serverError ?? cause ?? details.kind}`;
}

export class PrometheusApiError extends Error {
  override readonly name = 'PrometheusApiError';
  readonly kind: PrometheusErrorKind;
  readonly url: string;
  readonly query: string;
  readonly status: number | undefined;
  readonly errorType: string | undefined;
  readonly serverError: string | undefined;
  readonly warnings: readonly string[];
  /** Requests made, retries included (1 when the first failure was final). */
  readonly attempts: number;

  constructor(details: PrometheusErrorDetails) {
    const attempts = details.attempts ?? 1;
    super(`Prometheus API ${details.url}: ${describeFailure(details)}${attempts > 1 ? ` (after ${attempts} attempts)` : ''}`, { cause: details.cause });
    this.kind = details.kind;
    this.url = details.url;
    this.query = details.query;
    this.status = details.status;
    this.errorType = details.errorType;
    this.serverError = details.serverError;
    this.warnings = details.warnings ?? [];
    this.attempts = attempts;
  }
}
