/**
 * Oracle tests against Apache DevLake's own end-to-end tables (../shared/fixtures/delivery/devlake): DevLake's
 * inputs are fed to Pulse as generic events, and Pulse's results are compared with DevLake's expected outputs
 * wherever Pulse's definition (METRICS.md, Delivery) is the same.
 *
 * Reproduced:
 * - prev_success_deployment_commit: the previous successful deployment of each deployment, per scope, repository
 *   and environment, failures skipped (Pulse: the compare base of a deployment's change set).
 * - change_lead_time: which production deployment first shipped each pull request (pr_deployed_date), the first
 *   deployment of a repository having no known change set (DevLake leaves its pull requests undeployed), and the
 *   cycle time of a pull request whose first commit precedes it and which was merged before its deployment
 *   (pr1: first commit → deployment, in whole minutes rounded up, as DevLake rounds).
 * - connect_incident_to_deployment: each incident's deployment is the last successful production deployment of
 *   its project before the incident, never across projects, none for an incident of an unmapped scope.
 * - refdiff deployment_commit_diff (the commits a deployment shipped): reproduced through the GitHub connector,
 *   whose compare requests a loopback server answers from DevLake's commit graph (collector/sources/github/
 *   sync.test.ts).
 *
 * Deliberate differences (also in README, "DORA: how Pulse differs from DevLake"):
 * - Incident links: DevLake links an incident to the project's last deployment however long before it finished;
 *   Pulse links by window only within link_window (24 h by default). With the default window only the board1
 *   incident (19 h after pipeline2) is linked; with a window longer than the gap, Pulse gives DevLake's table.
 * - Lead time is per commit, from its authored time to its first successful production deployment. DevLake's
 *   pr_cycle_time is per pull request: it starts at the PR's opening when the first commit came later (pr2) and
 *   ends at the merge when the merge came after the deployment (pr3). Pulse reports pr2's commits authored after
 *   the deployment as non-positive lead times, excluded and counted in a note.
 * - Medians: Pulse interpolates by default; `--median lower` gives DevLake's lower median.
 * - The first deployment: DevLake diffs it against the repository root (refdiff lists commit_sha1 and its parent
 *   for the first deployment); Pulse leaves its change set unknown, so it counts in deployment frequency only.
 * Not reproduced: deployment_generator (DevLake derives deployments from CI pipelines with deployment tasks;
 * Pulse reads deployments from the deployment APIs and events) and the PagerDuty extractor (no PagerDuty
 * connector: incidents arrive as generic events).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../collector/engine.ts';
import { DEFAULT_CONFIG } from '../../collector/config/defaults.ts';
import { importEventFile } from '../../collector/sources/events/import.ts';
import { previousSuccessful } from '../../collector/sources/delivery/previous.ts';
import { FIXTURES, tempDir } from '../helpers.ts';

const DORA = join(FIXTURES, 'delivery', 'devlake', 'dora', 'e2e');
const DAY_MS = 86_400_000;

type Row = Record<string, string>;
function csv(path: string): Row[] {
  // Some DevLake CSVs mix CRLF and LF and lack a final newline.
  return parse(readFileSync(path, 'utf8').replace(/\r\n?/g, '\n'), { columns: true, skip_empty_lines: true }) as Row[];
}

/** DevLake dates: ISO with an offset, or `2023-4-10 6:51:47` in UTC. */
function iso(text: string): string {
  if (/[zZ]|[+-]\d\d:\d\d$/.test(text)) return new Date(text).toISOString();
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2}) (\d{1,2}):(\d{2}):(\d{2})$/.exec(text);
  if (!m) throw new Error(`unexpected DevLake date ${text}`);
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]))).toISOString();
}

const dir = tempDir('pulse-devlake-');
let engine: Engine | null = null;
afterEach(() => {
  engine?.close();
  engine = null;
});

/** A fresh in-memory Pulse with these events imported. */
async function pulseWith(events: object[], linkWindowMs = DAY_MS): Promise<Engine> {
  const file = join(dir, `events-${Math.random().toString(36).slice(2)}.ndjson`);
  writeFileSync(file, events.map((e) => JSON.stringify(e)).join('\n'));
  engine = await Engine.open(':memory:', DEFAULT_CONFIG);
  const summary = await importEventFile(engine.store, file, { linkWindowMs });
  expect(summary.errors).toEqual([]);
  return engine;
}

describe('DevLake prev_success_deployment_commit', () => {
  it('finds the previous successful deployment per scope, repository and environment', () => {
    const before = csv(join(DORA, 'prev_success_deployment_commit', 'cicd_deployment_commits_before.csv'));
    const after = csv(join(DORA, 'prev_success_deployment_commit', 'cicd_deployment_commits_after.csv'));
    const previous = previousSuccessful(
      before.map((r) => ({
        deployment_id: r['id'] as string,
        service: `${r['cicd_scope_id']}:${r['repo_url']}`,
        environment: r['environment'] as string,
        status: (r['result'] as string).toLowerCase(),
        finished_at: Date.parse(r['finished_date'] as string),
      })),
    );
    const expected = Object.fromEntries(after.map((r) => [r['id'], r['prev_success_deployment_commit_id']]));
    const actual = Object.fromEntries(after.map((r) => [r['id'], previous.get(r['id'] as string) ?? '']));
    expect(actual).toEqual(expected);
  });
});

describe('DevLake change_lead_time', () => {
  const base = join(DORA, 'change_lead_time');
  const deployments = csv(join(base, 'cicd_deployment_commits.csv'));
  const diffs = csv(join(base, 'commits_diffs.csv'));
  const prs = csv(join(base, 'pull_requests.csv'));
  const prCommits = csv(join(base, 'pull_request_commits.csv'));
  const metrics = Object.fromEntries(csv(join(base, 'project_pr_metrics.csv')).map((r) => [r['id'], r]));

  /**
   * Pulse's view of one pull request: every deployment of the CSV, and as changes the PR's first commit for the
   * deployment whose diff holds the PR's merge commit — except the first deployment of a repository (an empty
   * old_commit_sha), whose change set Pulse does not know.
   */
  function eventsFor(prId: string): object[] {
    const pr = prs.find((p) => p['id'] === prId) as Row;
    const first = prCommits.filter((c) => c['pull_request_id'] === prId).sort((a, b) => iso(a['commit_authored_date'] as string).localeCompare(iso(b['commit_authored_date'] as string)))[0] as Row;
    const shippedIn = new Set(diffs.filter((d) => d['commit_sha'] === pr['merge_commit_sha'] && d['old_commit_sha'] !== '').map((d) => d['new_commit_sha']));
    return deployments.map((d) => ({
      type: 'deployment',
      id: d['id'],
      service: d['repo_url'],
      environment: (d['environment'] as string).toLowerCase() || 'unknown',
      status: (d['result'] as string).toLowerCase(),
      started_at: iso(d['started_date'] as string),
      finished_at: iso(d['finished_date'] as string),
      commit: d['commit_sha'],
      changes: shippedIn.has(d['commit_sha'] as string) ? [{ sha: first['commit_sha'], authored_at: iso(first['commit_authored_date'] as string) }] : [],
    }));
  }

  async function firstCommitLead(prId: string): Promise<{ changes: number; excluded: number; lead_s: number | null }> {
    const pulse = await pulseWith(eventsFor(prId));
    const result = await pulse.kpi('dora', { from: '2023-01-01T00:00:00Z', to: '2024-01-01T00:00:00Z', tz: 'UTC', groupBy: null });
    const row = result.rows[0] ?? {};
    return { changes: row['lead_time_changes'] as number, excluded: row['lead_time_excluded_changes'] as number, lead_s: row['lead_time_median_s'] as number | null };
  }

  it('ships each pull request in the deployment DevLake found (pr_deployed_date)', async () => {
    for (const prId of ['pr1', 'pr2', 'pr3']) {
      const metric = metrics[prId] as Row;
      const { changes, lead_s } = await firstCommitLead(prId);
      expect(changes, prId).toBe(1);
      const deployedAt = Date.parse(metric['first_commit_authored_date'] as string) + (lead_s as number) * 1000;
      expect(new Date(deployedAt).toISOString(), prId).toBe(new Date(metric['pr_deployed_date'] as string).toISOString());
    }
  });

  it('leaves undeployed what DevLake leaves undeployed: a first deployment, staging, a failed first deployment, an open PR', async () => {
    for (const prId of ['pr0', 'pr4', 'pr5', 'pr6']) {
      expect(metrics[prId]?.['pr_deployed_date'] ?? '', prId).toBe('');
      expect((await firstCommitLead(prId)).changes, prId).toBe(0);
    }
  });

  it('gives pr1 the cycle time DevLake gives it, in minutes rounded up', async () => {
    const { lead_s } = await firstCommitLead('pr1');
    expect(Math.ceil((lead_s as number) / 60)).toBe(Number(metrics['pr1']?.['pr_cycle_time']));
  });

  it('differs where the definitions differ: per commit from its authored time, to the deployment', async () => {
    // pr2: opened 04-12 04:51:47, first commit 04-13 04:51:47, deployed 04-13 07:29:14. DevLake counts from the
    // opening (1598 min); Pulse from the commit: 2 h 37 min 27 s.
    expect((await firstCommitLead('pr2')).lead_s).toBe(2 * 3600 + 37 * 60 + 27);
    expect(Number(metrics['pr2']?.['pr_cycle_time'])).toBe(1598);
    // pr3: merged 04-14, after its deployment on 04-13 07:30:34. DevLake ends at the merge (10203 min); Pulse at
    // the deployment: 04-07 04:51:47 → 04-13 07:30:34.
    expect((await firstCommitLead('pr3')).lead_s).toBe(6 * 86400 + 2 * 3600 + 38 * 60 + 47);
    expect(Number(metrics['pr3']?.['pr_cycle_time'])).toBe(10203);
  });

  it('reports commits authored after their deployment as excluded, with a note', async () => {
    // Every commit of pr2 in deployment 5: one before the deployment, two authored on 04-14 and 04-15.
    const events = eventsFor('pr2').map((e) => {
      const d = e as { id: string; changes: object[] };
      if (d.id !== '5') return e;
      const commits = prCommits.filter((c) => c['pull_request_id'] === 'pr2');
      return { ...d, changes: commits.map((c) => ({ sha: c['commit_sha'], authored_at: iso(c['commit_authored_date'] as string) })) };
    });
    const pulse = await pulseWith(events);
    const result = await pulse.kpi('dora', { from: '2023-01-01T00:00:00Z', to: '2024-01-01T00:00:00Z', tz: 'UTC', groupBy: null });
    expect(result.rows[0]).toMatchObject({ lead_time_changes: 1, lead_time_excluded_changes: 2 });
    expect(result.notes).toContain('lead time excludes 2 changes with non-positive duration');
  });
});

describe('DevLake connect_incident_to_deployment', () => {
  const base = join(DORA, 'connect_incident_to_deployment');
  const deployments = csv(join(base, 'prev_success_deployment_commit', 'cicd_deployment_commits_after.csv'));
  const incidents = csv(join(base, 'raw_tables', 'incidents.csv'));
  const mapping = csv(join(base, 'raw_tables', 'project_mapping.csv'));
  const expected = csv(join(base, 'snapshot_tables', 'project_incident_deployment_relationships.csv'));
  const projectOf = (table: string, id: string): string | null => mapping.find((m) => m['table'] === table && m['row_id'] === id)?.['project_name'] ?? null;

  /** Projects are Pulse services; each deployment commit row is a deployment `pipeline/row`. */
  function events(): object[] {
    return [
      ...deployments.map((d) => ({
        type: 'deployment',
        id: `${d['cicd_deployment_id']}/${d['id']}`,
        service: projectOf('cicd_scopes', d['cicd_scope_id'] as string) ?? 'unmapped',
        environment: (d['environment'] as string).toLowerCase() || 'unknown',
        status: (d['result'] as string).toLowerCase(),
        finished_at: iso(d['finished_date'] as string),
        commit: d['commit_sha'],
      })),
      ...incidents.map((i) => ({ type: 'incident', id: i['id'], service: projectOf(i['table'] as string, i['scope_id'] as string), created_at: iso(i['created_date'] as string) })),
    ];
  }

  async function links(linkWindowMs: number): Promise<Record<string, string>> {
    const pulse = await pulseWith(events(), linkWindowMs);
    const reader = await pulse.store.connection.runAndReadAll('SELECT incident_id, deployment_id FROM incident_deployment_links ORDER BY incident_id');
    return Object.fromEntries(reader.getRowObjectsJS().map((r) => [String(r['incident_id']), String(r['deployment_id']).split('/')[0] as string]));
  }

  it('links every incident to the deployment DevLake chose when the window spans the gap', async () => {
    expect(await links(365 * DAY_MS)).toEqual(Object.fromEntries(expected.map((r) => [r['id'], r['deployment_id']])));
  });

  it('links only the incident within the default 24 h window (deliberate difference)', async () => {
    expect(await links(DAY_MS)).toEqual({ 'github:GithubIssue:1:1373792478': 'pipeline2' });
  });
});
