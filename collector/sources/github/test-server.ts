/**
 * Test support: a loopback HTTP server that answers like the GitHub REST API for the endpoints the connector
 * uses, with objects shaped like GitHub's (pagination by `page` with `Link` headers, ETags and 304s, rate-limit
 * responses on demand). The connector under test is the real @octokit/rest client pointed at it. Compare
 * answers are computed from a commit graph: the commits reachable from head and not from base.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeCommit {
  parents: string[];
  date: string;
  message?: string;
  files?: string[];
  login?: string;
}

export interface FakeDeployment {
  id: number;
  sha: string;
  environment: string;
  created_at: string;
  payload?: Record<string, unknown>;
  /** Oldest first; served newest first, as GitHub does. */
  statuses: { id: number; state: string; created_at: string }[];
}

export interface FakePull {
  number: number;
  title: string;
  login: string;
  type?: 'User' | 'Bot';
  created_at: string;
  updated_at: string;
  merged_at: string | null;
  merge_commit_sha: string | null;
  commits: string[];
}

export interface FakeRun {
  id: number;
  name: string;
  run_attempt: number;
  status: string;
  conclusion: string | null;
  head_sha: string;
  created_at: string;
  updated_at: string;
}

export interface FakeRepo {
  full_name: string;
  deployments: FakeDeployment[];
  commits: Record<string, FakeCommit>;
  pulls: FakePull[];
  runs: FakeRun[];
}

export interface Injected {
  /** Answer requests whose path starts with this… */
  pathPrefix: string;
  /** …this many times… */
  times: number;
  status: number;
  headers?: Record<string, string>;
}

export interface FakeGitHub {
  url: string;
  /** `METHOD path?query` of every request received, in order. */
  log: string[];
  repos: FakeRepo[];
  inject(failure: Injected): void;
  close(): Promise<void>;
}

const PAGE_SIZE = 2;

export async function startFakeGitHub(repos: FakeRepo[], org = 'acme'): Promise<FakeGitHub> {
  const log: string[] = [];
  const injected: Injected[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    log.push(`${req.method} ${url.pathname}${url.search}`);
    const failure = injected.find((f) => f.times > 0 && url.pathname.startsWith(f.pathPrefix));
    if (failure) {
      failure.times--;
      return send(res, failure.status, { message: 'injected failure' }, failure.headers);
    }
    try {
      route(req, res, url, repos, org);
    } catch (error) {
      send(res, 500, { message: String(error) });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    log,
    repos,
    inject: (f) => injected.push({ ...f }),
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = status === 304 ? '' : JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'x-ratelimit-remaining': '4999', 'x-ratelimit-reset': '4102444800', ...headers });
  res.end(text);
}

/** Answers a list page: `page` and a Link to the next one, an ETag on the first, a 304 when it matches. */
function sendPage(req: IncomingMessage, res: ServerResponse, url: URL, items: unknown[], wrap: (page: unknown[]) => unknown = (p) => p): void {
  const page = Number(url.searchParams.get('page') ?? '1');
  const slice = items.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
  const body = wrap(slice);
  const headers: Record<string, string> = {};
  if (page * PAGE_SIZE < items.length) {
    const next = new URL(url.toString());
    next.searchParams.set('page', String(page + 1));
    headers['link'] = `<http://${req.headers.host}${next.pathname}${next.search}>; rel="next"`;
  }
  if (page === 1) {
    const etag = `"${createHash('sha1').update(JSON.stringify(body)).digest('hex')}"`;
    headers['etag'] = etag;
    if (req.headers['if-none-match'] === etag) return send(res, 304, null, headers);
  }
  send(res, 200, body, headers);
}

function route(req: IncomingMessage, res: ServerResponse, url: URL, repos: FakeRepo[], org: string): void {
  const p = url.pathname;
  let m: RegExpExecArray | null;
  if ((m = /^\/orgs\/([^/]+)\/repos$/.exec(p))) {
    if (m[1] !== org) return send(res, 404, { message: 'Not Found' });
    return sendPage(req, res, url, repos.map((r) => ({ full_name: r.full_name, fork: false, archived: false, private: true })));
  }
  m = /^\/repos\/([^/]+\/[^/]+)\/(.*)$/.exec(p);
  const repo = repos.find((r) => r.full_name === m?.[1]);
  if (!m || !repo) return send(res, 404, { message: 'Not Found' });
  const rest = m[2] as string;
  const api = `http://${req.headers.host}/repos/${repo.full_name}`;
  let r: RegExpExecArray | null;
  if (rest === 'deployments') return sendPage(req, res, url, [...repo.deployments].sort((a, b) => b.id - a.id).map((d) => deploymentObject(api, d)));
  if ((r = /^deployments\/(\d+)$/.exec(rest))) {
    const d = repo.deployments.find((x) => x.id === Number(r?.[1]));
    return d ? send(res, 200, deploymentObject(api, d)) : send(res, 404, { message: 'Not Found' });
  }
  if ((r = /^deployments\/(\d+)\/statuses$/.exec(rest))) {
    const d = repo.deployments.find((x) => x.id === Number(r?.[1]));
    if (!d) return send(res, 404, { message: 'Not Found' });
    return sendPage(req, res, url, [...d.statuses].reverse().map((s) => ({ url: `${api}/deployments/${d.id}/statuses/${s.id}`, id: s.id, state: s.state, description: '', environment: d.environment, created_at: s.created_at, updated_at: s.created_at, creator: { login: 'deploy-bot', type: 'Bot' } })));
  }
  if ((r = /^compare\/([0-9a-zA-Z_]+)\.\.\.([0-9a-zA-Z_]+)$/.exec(rest))) {
    const [base, head] = [r[1] as string, r[2] as string];
    if (!repo.commits[base] || !repo.commits[head]) return send(res, 404, { message: 'Not Found' });
    const fromBase = reachable(repo, base);
    const ahead = [...reachable(repo, head)].filter((sha) => !fromBase.has(sha)).sort((a, b) => Date.parse(repo.commits[a]?.date ?? '') - Date.parse(repo.commits[b]?.date ?? ''));
    const status = ahead.length === 0 ? (base === head ? 'identical' : 'behind') : 'ahead';
    return sendPage(req, res, url, ahead.map((sha) => commitObject(api, sha, repo.commits[sha] as FakeCommit, false)), (page) => ({ status, ahead_by: ahead.length, behind_by: 0, total_commits: ahead.length, commits: page, files: [] }));
  }
  if ((r = /^commits\/([0-9a-zA-Z_]+)$/.exec(rest))) {
    const c = repo.commits[r[1] as string];
    return c ? send(res, 200, commitObject(api, r[1] as string, c, true)) : send(res, 404, { message: 'Not Found' });
  }
  if (rest === 'pulls') {
    const closed = repo.pulls.filter(() => url.searchParams.get('state') === 'closed').sort((a, b) => Date.parse(b.updated_at) - Date.parse(a.updated_at));
    return sendPage(req, res, url, closed.map((pr) => pullObject(api, pr)));
  }
  if ((r = /^pulls\/(\d+)\/commits$/.exec(rest))) {
    const pr = repo.pulls.find((x) => x.number === Number(r?.[1]));
    if (!pr) return send(res, 404, { message: 'Not Found' });
    return sendPage(req, res, url, pr.commits.map((sha) => commitObject(api, sha, repo.commits[sha] as FakeCommit, false)));
  }
  if (rest === 'actions/runs') {
    const runs = [...repo.runs].sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at));
    return sendPage(req, res, url, runs.map((run) => runObject(api, run)), (page) => ({ total_count: runs.length, workflow_runs: page }));
  }
  send(res, 404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' });
}

function reachable(repo: FakeRepo, from: string): Set<string> {
  const seen = new Set<string>();
  const stack = [from];
  while (stack.length > 0) {
    const sha = stack.pop() as string;
    if (seen.has(sha)) continue;
    seen.add(sha);
    stack.push(...(repo.commits[sha]?.parents ?? []));
  }
  return seen;
}

function deploymentObject(api: string, d: FakeDeployment): unknown {
  return {
    url: `${api}/deployments/${d.id}`,
    id: d.id,
    node_id: `DE_${d.id}`,
    sha: d.sha,
    ref: 'main',
    task: 'deploy',
    payload: d.payload ?? {},
    original_environment: d.environment,
    environment: d.environment,
    description: null,
    creator: { login: 'deploy-bot', id: 1, type: 'Bot' },
    created_at: d.created_at,
    updated_at: d.created_at,
    statuses_url: `${api}/deployments/${d.id}/statuses`,
    repository_url: api,
    transient_environment: false,
    production_environment: d.environment === 'production',
  };
}

function commitObject(api: string, sha: string, c: FakeCommit, withFiles: boolean): unknown {
  const login = c.login ?? 'dev1';
  return {
    sha,
    node_id: `C_${sha}`,
    url: `${api}/commits/${sha}`,
    commit: {
      author: { name: login, email: `${login}@example.com`, date: c.date },
      committer: { name: 'GitHub', email: 'noreply@github.com', date: c.date },
      message: c.message ?? `change ${sha}`,
      tree: { sha: `tree-${sha}` },
    },
    author: { login, id: 7, type: 'User' },
    committer: { login: 'web-flow', id: 19864447, type: 'User' },
    parents: c.parents.map((p) => ({ sha: p, url: `${api}/commits/${p}` })),
    ...(withFiles ? { files: (c.files ?? []).map((filename) => ({ filename, status: 'modified', additions: 1, deletions: 0, changes: 1 })) } : {}),
  };
}

function pullObject(api: string, pr: FakePull): unknown {
  return {
    url: `${api}/pulls/${pr.number}`,
    id: 1000 + pr.number,
    number: pr.number,
    state: 'closed',
    title: pr.title,
    user: { login: pr.login, id: 3, type: pr.type ?? 'User' },
    body: null,
    created_at: pr.created_at,
    updated_at: pr.updated_at,
    closed_at: pr.merged_at ?? pr.updated_at,
    merged_at: pr.merged_at,
    merge_commit_sha: pr.merge_commit_sha,
    draft: false,
    head: { ref: `feature-${pr.number}`, sha: pr.commits.at(-1) ?? null },
    base: { ref: 'main' },
  };
}

function runObject(api: string, run: FakeRun): unknown {
  return {
    id: run.id,
    name: run.name,
    node_id: `WFR_${run.id}`,
    head_branch: 'main',
    head_sha: run.head_sha,
    path: '.github/workflows/ci.yml',
    run_number: run.id,
    event: 'push',
    status: run.status,
    conclusion: run.conclusion,
    workflow_id: 161335,
    url: `${api}/actions/runs/${run.id}`,
    created_at: run.created_at,
    updated_at: run.updated_at,
    run_attempt: run.run_attempt,
    run_started_at: run.created_at,
  };
}
