/**
 * The GitHub connector end to end: the real @octokit/rest client against a loopback server answering like the
 * REST API (test-server.ts), into a real store. Covers the DevLake refdiff oracle (commits per deployment),
 * pagination, final statuses (`inactive` = superseded, pending ones asked again), merged pull requests and their
 * commits, workflow run attempts, rate-limit waits with a countdown, resumption after a failure, conditional
 * requests and monorepo path globs.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../store/db.ts';
import { configSchema } from '../../config/schema.ts';
import { deliverySettings, type DeliverySettings } from '../delivery/settings.ts';
import type { Waiter } from '../delivery/wait.ts';
import { createGitHubClient } from './client.ts';
import { syncGitHub } from './sync.ts';
import { startFakeGitHub, type FakeCommit, type FakeGitHub, type FakeRepo } from './test-server.ts';

const REFDIFF = join(import.meta.dirname, '..', '..', '..', '..', 'shared', 'fixtures', 'delivery', 'devlake', 'refdiff', 'e2e', 'deployment_commit_diff');
type Row = Record<string, string>;
const csv = (name: string): Row[] => parse(readFileSync(join(REFDIFF, name), 'utf8').replace(/\r\n?/g, '\n'), { columns: true, skip_empty_lines: true }) as Row[];

let server: FakeGitHub | null = null;
let store: Store | null = null;
afterEach(async () => {
  store?.close();
  store = null;
  await server?.close();
  server = null;
});

function fakeWaiter(start: number): Waiter & { shown: number[] } {
  let t = start;
  const shown: number[] = [];
  return { shown, now: () => t, sleep: async (ms) => void (t += ms), onWait: (s) => shown.push(s) };
}

async function run(settings: DeliverySettings, repositories: string[], waiter = fakeWaiter(Date.parse('2026-10-01T00:00:00Z'))): Promise<{ requests: number; rows: number }> {
  const client = createGitHubClient({ token: 'test-token', baseUrl: (server as FakeGitHub).url, waiter, warn: () => undefined });
  return syncGitHub({ store: store as Store, client, settings, repositories, since: null, now: waiter.now });
}

async function rows(sql: string): Promise<Record<string, unknown>[]> {
  return (await (store as Store).connection.runAndReadAll(sql)).getRowObjectsJS();
}

const settingsOf = (delivery: object = {}): DeliverySettings => deliverySettings(configSchema.parse({ version: 1, delivery }));

/** DevLake's refdiff repository: its commit graph and its three production deployments. */
function refdiffRepo(): FakeRepo {
  const commits: Record<string, FakeCommit> = {};
  const repoCommits = csv('repo_commits.csv').filter((r) => r['repo_id'] === 'github:GithubRepo:1:484251804');
  repoCommits.forEach((r, i) => (commits[r['commit_sha'] as string] = { parents: [], date: new Date(Date.UTC(2023, 3, 1, i)).toISOString() }));
  for (const p of csv('commit_parents.csv')) commits[p['commit_sha'] as string]?.parents.push(p['parent_commit_sha'] as string);
  const deployments = csv('cicd_deployment_commits.csv')
    .filter((d) => d['repo_url'] === 'REPO111')
    .map((d) => {
      const start = Date.parse(d['started_date'] as string);
      return {
        id: Number(d['id']),
        sha: d['commit_sha'] as string,
        environment: 'production',
        created_at: new Date(start).toISOString(),
        statuses: [
          { id: Number(d['id']) * 10, state: 'in_progress', created_at: new Date(start).toISOString() },
          { id: Number(d['id']) * 10 + 1, state: 'success', created_at: new Date(start + 60_000).toISOString() },
        ],
      };
    });
  return { full_name: 'acme/refdiff', deployments, commits, pulls: [], runs: [] };
}

describe('GitHub connector', () => {
  it('reproduces DevLake refdiff: the commits between consecutive successful production deployments', async () => {
    server = await startFakeGitHub([refdiffRepo()]);
    store = await openStore(':memory:');
    await run(settingsOf(), ['acme/refdiff']);
    const changes = await rows("SELECT deployment_id, string_agg(commit_sha, ',' ORDER BY commit_sha) AS shas FROM deployment_changes GROUP BY 1 ORDER BY 1");
    // DevLake's commits_diffs for the deployments after the first; Pulse leaves the first deployment's set unknown.
    const expected = new Map<string, string[]>();
    for (const d of csv('commits_diffs.csv').filter((r) => r['old_commit_sha'] !== '')) {
      const id = `github:${csv('cicd_deployment_commits.csv').find((c) => c['commit_sha'] === d['new_commit_sha'] && c['repo_url'] === 'REPO111')?.['id']}`;
      expected.set(id, [...(expected.get(id) ?? []), d['commit_sha'] as string].sort());
    }
    expect(changes.map((c) => [c['deployment_id'], String(c['shas']).split(',')])).toEqual([...expected].sort());
    expect(await rows('SELECT count(*)::INTEGER AS n FROM deployments')).toEqual([{ n: 3 }]);
  });

  it('backfills an organization across pages, waits out a rate limit, resumes after a failure and then asks conditionally', async () => {
    const c = (parents: string[], hour: number, extra: Partial<FakeCommit> = {}): FakeCommit => ({ parents, date: new Date(Date.UTC(2026, 8, 1, hour)).toISOString(), ...extra });
    const at = (day: number, hour = 10): string => new Date(Date.UTC(2026, 8, day, hour)).toISOString();
    const status = (id: number, state: string, when: string): { id: number; state: string; created_at: string } => ({ id, state, created_at: when });
    const app: FakeRepo = {
      full_name: 'acme/app',
      commits: { a0: c([], 0), a1: c(['a0'], 1), a2: c(['a1'], 2, { message: 'fix the cache\n\nIncident: inc-9' }), a3: c(['a2'], 3), a4: c(['a3'], 4) },
      deployments: [
        { id: 101, sha: 'a1', environment: 'production', created_at: at(2), statuses: [status(1, 'in_progress', at(2)), status(2, 'success', at(2, 11))] },
        { id: 102, sha: 'a2', environment: 'production', created_at: at(3), statuses: [status(3, 'failure', at(3, 11))] },
        { id: 103, sha: 'a3', environment: 'production', created_at: at(4), statuses: [status(4, 'success', at(4, 11)), status(5, 'inactive', at(6))] },
        { id: 104, sha: 'a3', environment: 'staging', created_at: at(4, 12), statuses: [status(6, 'success', at(4, 13))] },
        { id: 105, sha: 'a4', environment: 'production', created_at: at(6), statuses: [status(7, 'in_progress', at(6))] },
      ],
      pulls: [
        { number: 1, title: 'Cache results', login: 'dev1', created_at: at(1), updated_at: at(3, 9), merged_at: at(3, 9), merge_commit_sha: 'a3', commits: ['a2', 'a3'] },
        { number: 2, title: 'Bump deps', login: 'dependabot[bot]', type: 'Bot', created_at: at(1), updated_at: at(2), merged_at: at(2), merge_commit_sha: 'a1', commits: ['a1'] },
        { number: 3, title: 'Abandoned', login: 'dev2', created_at: at(1), updated_at: at(2, 5), merged_at: null, merge_commit_sha: null, commits: [] },
        { number: 4, title: 'Revert "Cache results"', login: 'dev1', created_at: at(5), updated_at: at(5, 1), merged_at: at(5, 1), merge_commit_sha: 'a4', commits: ['a4'] },
      ],
      runs: [
        { id: 9001, name: 'CI', run_attempt: 1, status: 'completed', conclusion: 'success', head_sha: 'a1', created_at: at(2, 8), updated_at: at(2, 9) },
        { id: 9002, name: 'CI', run_attempt: 2, status: 'completed', conclusion: 'failure', head_sha: 'a2', created_at: at(3, 8), updated_at: at(3, 9) },
        { id: 9003, name: 'CI', run_attempt: 1, status: 'in_progress', conclusion: null, head_sha: 'a4', created_at: at(6, 8), updated_at: at(6, 8) },
      ],
    };
    server = await startFakeGitHub([refdiffRepo(), app]);
    store = await openStore(':memory:');
    const settings = settingsOf({ services: [{ name: 'app', repository: 'acme/app', team: 'web' }] });
    const waiter = fakeWaiter(Date.parse('2026-10-01T00:00:00Z'));
    server.inject({ pathPrefix: '/repos/acme/app/deployments', times: 1, status: 403, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(waiter.now() / 1000 + 3) } });
    server.inject({ pathPrefix: '/repos/acme/app/pulls', times: 1, status: 502 });

    await expect(run(settings, ['acme/*'], waiter)).rejects.toThrow('github acme/app: pull requests (HTTP 502): injected failure');
    expect(waiter.shown).toEqual([4, 3, 2, 1, 0]);
    expect(await rows("SELECT status, error FROM ingest_runs WHERE source = 'github'")).toEqual([{ status: 'failed', error: 'github acme/app: pull requests (HTTP 502): injected failure' }]);
    const statusRequests = (log: string[]): number => log.filter((l) => /\/repos\/acme\/app\/deployments\/\d+\/statuses/.test(l)).length;
    expect(statusRequests(server.log)).toBe(5);

    // The rerun resumes: the deployments stored by the failed run are not asked for their statuses again.
    server.log.length = 0;
    await run(settings, ['acme/*'], waiter);
    expect(statusRequests(server.log)).toBe(1); // 105, still without a final status
    expect(await rows("SELECT deployment_id, environment, status, kind FROM deployments WHERE service = 'app' ORDER BY deployment_id")).toEqual([
      { deployment_id: 'github:101', environment: 'production', status: 'success', kind: 'normal' },
      { deployment_id: 'github:102', environment: 'production', status: 'failure', kind: 'normal' },
      { deployment_id: 'github:103', environment: 'production', status: 'success', kind: 'normal' },
      { deployment_id: 'github:104', environment: 'staging', status: 'success', kind: 'normal' },
    ]);
    expect(await rows("SELECT commit_sha FROM deployment_changes WHERE deployment_id = 'github:103' ORDER BY 1")).toEqual([{ commit_sha: 'a2' }, { commit_sha: 'a3' }]);
    expect(await rows("SELECT sha, pr, incident_id FROM commits WHERE sha IN ('a2', 'a3', 'a4') ORDER BY sha")).toEqual([
      { sha: 'a2', pr: 'acme/app#1', incident_id: 'inc-9' },
      { sha: 'a3', pr: 'acme/app#1', incident_id: null },
      { sha: 'a4', pr: 'acme/app#4', incident_id: null },
    ]);
    expect(await rows('SELECT pr_id, is_bot, is_revert FROM pull_requests ORDER BY pr_id')).toEqual([
      { pr_id: 'acme/app#1', is_bot: false, is_revert: false },
      { pr_id: 'acme/app#2', is_bot: true, is_revert: false },
      { pr_id: 'acme/app#4', is_bot: false, is_revert: true },
    ]);
    expect(await rows('SELECT run_id, attempt, status FROM pipeline_runs ORDER BY run_id')).toEqual([
      { run_id: 'github:9001', attempt: 1, status: 'success' },
      { run_id: 'github:9002', attempt: 2, status: 'failure' },
      { run_id: 'github:9003', attempt: 1, status: 'running' },
    ]);

    // 105 finishes and 106 appears: both are picked up, and 106's commits come from the compare with 105.
    app.deployments[4]?.statuses.push(status(8, 'success', at(6, 1)));
    app.commits['a5'] = c(['a4'], 5);
    app.deployments.push({ id: 106, sha: 'a5', environment: 'production', created_at: at(7), statuses: [status(9, 'success', at(7, 1))] });
    await run(settings, ['acme/*'], waiter);
    expect(await rows("SELECT deployment_id, commit_sha FROM deployment_changes WHERE deployment_id IN ('github:105', 'github:106') ORDER BY 1")).toEqual([
      { deployment_id: 'github:105', commit_sha: 'a4' },
      { deployment_id: 'github:106', commit_sha: 'a5' },
    ]);

    // Nothing changed: the first pages answer 304 and no deployment, pull request or run is fetched again.
    server.log.length = 0;
    const quiet = await run(settings, ['acme/*'], waiter);
    expect(server.log.filter((l) => /statuses|\/pulls\/\d+\/commits|compare/.test(l))).toEqual([]);
    expect(quiet.rows).toBe(0);
    const runsRows = await rows("SELECT status, api_requests FROM ingest_runs WHERE source = 'github' ORDER BY started_at");
    expect(runsRows.map((r) => r['status'])).toEqual(['failed', 'ok', 'ok', 'ok']);
    expect(runsRows.at(-1)?.['api_requests']).toBe(server.log.length);
  });

  it('keeps the commits touching a monorepo service’s paths', async () => {
    const when = (hour: number): string => new Date(Date.UTC(2026, 8, 1, hour)).toISOString();
    const mono: FakeRepo = {
      full_name: 'acme/mono',
      commits: {
        m1: { parents: [], date: when(1), files: ['web/index.ts'] },
        m2: { parents: ['m1'], date: when(2), files: ['web/app.ts', 'README.md'] },
        m3: { parents: ['m2'], date: when(3), files: ['api/server.ts'] },
      },
      deployments: [
        { id: 201, sha: 'm1', environment: 'production', created_at: when(4), payload: { service: 'web' }, statuses: [{ id: 1, state: 'success', created_at: when(5) }] },
        { id: 202, sha: 'm3', environment: 'production', created_at: when(6), payload: { service: 'web' }, statuses: [{ id: 2, state: 'success', created_at: when(7) }] },
      ],
      pulls: [],
      runs: [],
    };
    server = await startFakeGitHub([mono]);
    store = await openStore(':memory:');
    await run(
      settingsOf({
        services: [
          { name: 'web', repository: 'acme/mono', paths: ['web/**'], team: 'front' },
          { name: 'api', repository: 'acme/mono', paths: ['api/**'], team: 'back' },
        ],
      }),
      ['acme/mono'],
    );
    expect(await rows('SELECT deployment_id, commit_sha FROM deployment_changes')).toEqual([{ deployment_id: 'github:202', commit_sha: 'm2' }]);
    expect(await rows("SELECT service FROM deployments WHERE deployment_id = 'github:202'")).toEqual([{ service: 'web' }]);
  });
});
