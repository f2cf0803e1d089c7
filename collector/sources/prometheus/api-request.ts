/**
 * Pure construction of Prometheus HTTP API requests: the endpoint URL under a base URL with an optional path
 * prefix (Mimir's `/prometheus`, a Thanos or VictoriaMetrics root), time and step parameters, and GET or a
 * form-encoded POST (which Prometheus, Thanos, Mimir and VictoriaMetrics all accept) when the query string
 * would make the URL too long.
 */
import type { Labels } from './exposition-types.ts';

export type RequestMethod = 'auto' | 'GET' | 'POST';

/** `auto` switches to POST when the GET URL would be longer than this (proxies cap request lines near 4–8 KiB). */
export const DEFAULT_MAX_GET_URL_LENGTH = 2048;

export interface ApiEndpoint {
  /** Ends with `/`; `api/v1/…` is resolved against it. */
  readonly baseUrl: URL;
  /** Sent with every request (tenant headers such as `X-Scope-OrgID`, `Authorization`). */
  readonly headers: Labels;
  readonly method: RequestMethod;
  readonly maxGetUrlLength: number;
}

export interface ApiRequest {
  readonly method: 'GET' | 'POST';
  /** With the parameters for GET, without them for POST. */
  readonly url: string;
  readonly headers: Labels;
  readonly body: string | undefined;
}

/**
 * Validates a base URL and gives it a trailing slash so that the prefix is kept.
 * @throws TypeError for a non-http(s) URL, credentials in the URL, or a query or fragment.
 */
export function parseBaseUrl(text: string): URL {
  const url = new URL(text);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TypeError(`Prometheus base URL must be http or https: ${text}`);
  if (url.username !== '' || url.password !== '') throw new TypeError('Prometheus base URL must not contain credentials: pass them as auth');
  if (url.search !== '' || url.hash !== '') throw new TypeError(`Prometheus base URL must not have a query or fragment: ${url.origin}${url.pathname}`);
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url;
}

/** Epoch milliseconds as the API's float seconds, exact to the millisecond. */
export function formatTimestamp(ms: number): string {
  const sign = ms < 0 ? '-' : '';
  const abs = Math.abs(ms);
  const fraction = abs % 1000;
  return `${sign}${Math.floor(abs / 1000)}${fraction === 0 ? '' : `.${String(fraction).padStart(3, '0')}`}`;
}

export function buildApiRequest(endpoint: ApiEndpoint, path: 'query' | 'query_range', params: Labels): ApiRequest {
  const url = new URL(`api/v1/${path}`, endpoint.baseUrl);
  const form = new URLSearchParams(params).toString();
  const getUrl = `${url.href}?${form}`;
  const post = endpoint.method === 'POST' || (endpoint.method === 'auto' && getUrl.length > endpoint.maxGetUrlLength);
  const headers = { Accept: 'application/json', ...endpoint.headers };
  if (!post) return { method: 'GET', url: getUrl, headers, body: undefined };
  return { method: 'POST', url: url.href, headers: { ...headers, 'Content-Type': 'application/x-www-form-urlencoded' }, body: form };
}
