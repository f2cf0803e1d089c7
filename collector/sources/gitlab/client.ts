/**
 * A small GitLab REST v4 client over fetch (injectable): `PRIVATE-TOKEN` auth, pages by `x-next-page` (or
 * `Link: rel="next"`), 429s waited out with a countdown (RateLimit-Reset / Retry-After) and retried, every
 * request counted.
 */
import { rateLimitedUntil, waitUntil, type Waiter } from '../delivery/wait.ts';

export interface GitLabClientOptions {
  /** The instance, e.g. https://gitlab.com */
  url: string;
  token: string | null;
  waiter: Waiter;
  fetch?: typeof fetch;
  maxWaits?: number;
}

/** A non-2xx answer; carries status and headers like Octokit's errors, so the shared helpers read it. */
export class GitLabError extends Error {
  readonly response: { headers: Record<string, string> };
  constructor(
    readonly status: number,
    readonly url: string,
    body: string,
    headers: Record<string, string>,
  ) {
    super(`GitLab answered ${status} for ${url}${body ? `: ${body.slice(0, 200)}` : ''}`);
    this.name = 'GitLabError';
    this.response = { headers };
  }
}

export interface GitLabClient {
  get(path: string, query?: Record<string, string | number>): Promise<unknown>;
  pages(path: string, query?: Record<string, string | number>): AsyncGenerator<unknown[]>;
  requests(): number;
}

export function createGitLabClient(options: GitLabClientOptions): GitLabClient {
  const doFetch = options.fetch ?? fetch;
  const api = `${options.url.replace(/\/+$/, '')}/api/v4`;
  let count = 0;

  const request = async (url: string): Promise<{ data: unknown; headers: Record<string, string> }> => {
    for (let waits = 0; ; waits++) {
      count++;
      const response = await doFetch(url, { headers: { accept: 'application/json', ...(options.token ? { 'PRIVATE-TOKEN': options.token } : {}) } });
      const headers = Object.fromEntries(response.headers.entries());
      if (response.ok) return { data: (await response.json()) as unknown, headers };
      const body = await response.text();
      const until = rateLimitedUntil(response.status, headers, options.waiter.now());
      if (until === null || waits >= (options.maxWaits ?? 10)) throw new GitLabError(response.status, url, body, headers);
      await waitUntil(options.waiter, until, 'GitLab rate limit');
    }
  };
  const urlOf = (path: string, query: Record<string, string | number> = {}): string => {
    const url = new URL(`${api}${path}`);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, String(v));
    return url.toString();
  };

  return {
    requests: () => count,
    get: async (path, query) => (await request(urlOf(path, query))).data,
    async *pages(path, query = {}) {
      let url: string | null = urlOf(path, { per_page: 100, ...query });
      while (url !== null) {
        const { data, headers } = await request(url);
        yield Array.isArray(data) ? data : [];
        const nextPage = headers['x-next-page'];
        const link = /<([^>]+)>;\s*rel="next"/.exec(headers['link'] ?? '')?.[1] ?? null;
        url = nextPage ? urlOf(path, { per_page: 100, ...query, page: nextPage }) : link;
      }
    },
  };
}

/** A project id or path as the API takes it in a URL. */
export function projectRef(project: string): string {
  return encodeURIComponent(project);
}
