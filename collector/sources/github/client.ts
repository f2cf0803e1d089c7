/**
 * The GitHub REST client: the real @octokit/rest pointed at `api_url`, with every request counted and rate
 * limits waited out with a countdown (primary: until x-ratelimit-reset; secondary: retry-after), then retried.
 */
import { Octokit } from '@octokit/rest';
import { exhaustedUntil, httpFailure, rateLimitedUntil, waitUntil, type Waiter } from '../delivery/wait.ts';

export interface GitHubClientOptions {
  token: string | null;
  baseUrl: string;
  waiter: Waiter;
  fetch?: typeof fetch;
  /** Rate-limit waits per request before giving up. */
  maxWaits?: number;
  warn?: (message: string) => void;
}

export interface GitHubClient {
  octokit: Octokit;
  /** Requests sent so far (retries and 304s included). */
  requests(): number;
}

export function createGitHubClient(options: GitHubClientOptions): GitHubClient {
  const warn = options.warn ?? ((message: string) => process.stderr.write(`github: ${message}\n`));
  const octokit = new Octokit({
    ...(options.token ? { auth: options.token } : {}),
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    userAgent: 'pulse-delivery',
    request: options.fetch ? { fetch: options.fetch } : {},
    log: { debug: () => undefined, info: () => undefined, warn, error: () => undefined },
  });
  let count = 0;
  const maxWaits = options.maxWaits ?? 10;
  octokit.hook.wrap('request', async (request, requestOptions) => {
    for (let waits = 0; ; waits++) {
      count++;
      try {
        const response = await request(requestOptions);
        // The last request of the hour: wait for the reset before the next one rather than be refused.
        const until = exhaustedUntil(response.headers, options.waiter.now());
        if (until !== null) await waitUntil(options.waiter, until, 'GitHub rate limit');
        return response;
      } catch (error) {
        const failure = httpFailure(error);
        const until = failure ? rateLimitedUntil(failure.status, failure.headers, options.waiter.now()) : null;
        if (until === null || waits >= maxWaits) throw error;
        await waitUntil(options.waiter, until, failure?.headers['retry-after'] !== undefined ? 'GitHub secondary rate limit' : 'GitHub rate limit');
      }
    }
  });
  return { octokit, requests: () => count };
}

export interface Page {
  items: unknown[];
  /** The ETag of the first page (null on later pages or when absent). */
  etag: string | null;
}

/**
 * The pages of a list endpoint, following `Link: rel="next"`. The first request is conditional when an ETag is
 * given: a 304 (nothing changed) yields nothing and returns 'not-modified'.
 */
export async function* pages(
  client: GitHubClient,
  route: string,
  params: Record<string, string | number>,
  extract: (data: unknown) => unknown[],
  etag: string | null = null,
): AsyncGenerator<Page, 'not-modified' | 'done'> {
  let response;
  try {
    response = await client.octokit.request(route, { ...params, headers: etag ? { 'if-none-match': etag } : {} });
  } catch (error) {
    if (httpFailure(error)?.status === 304) return 'not-modified';
    throw error;
  }
  yield { items: extract(response.data), etag: typeof response.headers.etag === 'string' ? response.headers.etag : null };
  for (let next = nextLink(response.headers.link); next !== null; next = nextLink(response.headers.link)) {
    response = await client.octokit.request(`GET ${next}`);
    yield { items: extract(response.data), etag: null };
  }
  return 'done';
}

function nextLink(link: string | undefined): string | null {
  return link ? (/<([^>]+)>;\s*rel="next"/.exec(link)?.[1] ?? null) : null;
}
