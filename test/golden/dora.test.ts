/**
 * Hand-computed DORA and delivery scenarios (METRICS.md, Delivery), loaded through `importEventFile` (the path
 * `pulse import events` takes: validation, normalization, derived kinds and links) and read back with the
 * engine's `dora` and `delivery` KPIs. Every expected figure is worked out in the comments.
 *
 * Window: September 2026 (UTC), link_window 24 h. Service `api` (team web):
 *   d1  09-02 10:00  commit a1, change a1 authored 09:00            → lead 1 h
 *   f1  09-03 10:00  status failure                                  → not a deployment for DF, LT, CFR
 *   d2  09-05 10:00  commit b1, change b1 authored 08:00            → lead 2 h
 *   d3  09-08 10:00  commit c1, changes c1 07:00 and c0 06:00       → leads 3 h, 4 h
 *   r   09-08 12:00  commit b1, no kind, change set unknown         → derived rollback of d3: d3 failed, restored 2 h later
 *   d4  09-10 23:30  commit b1, no changes (zero-commit redeploy)   → kind redeploy, counts in DF only
 *   d5  09-11 00:30  commit e1, change set unknown
 *   i1  09-12 00:30  exactly link_window after d5, resolved 02:30  → window link; d5 restored after 26 h
 *   i2  09-12 00:31  one minute past the window                     → no link
 *   i3  09-02 12:00  caused_by d1, never resolved                   → explicit link; d1 open at --to
 * Service `batch` (team data): x1 09-20 00:00, changes authored 09-19 00:00 (lead 1 d) and 09-20 01:00 (−1 h,
 * excluded with a note).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../collector/store/db.ts';
import { StoreWriter } from '../../collector/store/writer.ts';
import { Engine } from '../../collector/engine.ts';
import { configSchema } from '../../collector/config/schema.ts';
import { importEventFile } from '../../collector/sources/events/import.ts';
import { upsertServices } from '../../collector/sources/delivery/store.ts';
import { deliverySettings } from '../../collector/sources/delivery/settings.ts';
import type { KpiRequest, KpiResult, PlainRow } from '../../queries/contract.ts';
import { tempDir } from '../helpers.ts';

const H = 3600;
const config = configSchema.parse({
  version: 1,
  delivery: {
    services: [
      { name: 'api', repository: 'acme/api', team: 'web' },
      { name: 'batch', repository: 'acme/batch', team: 'data' },
    ],
  },
});

const deploy = (id: string, finished: string, commit: string | null, extra: object = {}): object => ({
  type: 'deployment',
  id,
  service: 'api',
  environment: 'production',
  status: 'success',
  finished_at: finished,
  commit,
  ...extra,
});
const change = (sha: string, authored: string): object => ({ sha, authored_at: authored });

const EVENTS: object[] = [
  deploy('d1', '2026-09-02T10:00:00Z', 'a1', { changes: [change('a1', '2026-09-02T09:00:00Z')] }),
  deploy('f1', '2026-09-03T10:00:00Z', 'z1', { status: 'failure', changes: [change('z1', '2026-09-03T09:00:00Z')] }),
  deploy('d2', '2026-09-05T10:00:00Z', 'b1', { changes: [change('b1', '2026-09-05T08:00:00Z')] }),
  deploy('d3', '2026-09-08T10:00:00Z', 'c1', { changes: [change('c0', '2026-09-08T06:00:00Z'), change('c1', '2026-09-08T07:00:00Z')] }),
  deploy('r', '2026-09-08T12:00:00Z', 'b1'),
  deploy('d4', '2026-09-10T23:30:00Z', 'b1', { changes: [] }),
  deploy('d5', '2026-09-11T00:30:00Z', 'e1'),
  deploy('s1', '2026-09-04T10:00:00Z', 'b1', { environment: 'staging' }),
  deploy('s2', '2026-09-04T11:00:00Z', 'b1', { environment: 'staging', status: 'error' }),
  { type: 'incident', id: 'i1', service: 'api', created_at: '2026-09-12T00:30:00Z', resolved_at: '2026-09-12T02:30:00Z' },
  { type: 'incident', id: 'i2', service: 'api', created_at: '2026-09-12T00:31:00Z', resolved_at: '2026-09-12T01:00:00Z' },
  { type: 'incident', id: 'i3', service: 'api', created_at: '2026-09-02T12:00:00Z', caused_by: 'd1' },
  {
    type: 'deployment',
    id: 'x1',
    service: 'batch',
    environment: 'production',
    status: 'success',
    finished_at: '2026-09-20T00:00:00Z',
    changes: [change('x1', '2026-09-19T00:00:00Z'), change('x2', '2026-09-20T01:00:00Z')],
  },
  // delivery: pipelines, pull requests
  { type: 'pipeline_run', id: 'p1', attempt: 1, pipeline: 'ci', service: 'api', status: 'failure', finished_at: '2026-09-02T08:00:00Z' },
  { type: 'pipeline_run', id: 'p1', attempt: 2, pipeline: 'ci', service: 'api', status: 'success', finished_at: '2026-09-02T08:30:00Z' },
  { type: 'pipeline_run', id: 'p2', pipeline: 'ci', service: 'api', status: 'failure', finished_at: '2026-09-03T08:00:00Z' },
  { type: 'pipeline_run', id: 'p3', pipeline: 'ci', service: 'api', status: 'cancelled', finished_at: '2026-09-04T08:00:00Z' },
  { type: 'pipeline_run', id: 'p4', pipeline: 'ci', service: 'api', status: 'skipped', finished_at: '2026-09-05T08:00:00Z' },
  { type: 'pipeline_run', id: 'p5', pipeline: 'ci', service: 'api', status: 'running', started_at: '2026-09-06T08:00:00Z' },
  { type: 'pull_request', id: 'api#1', service: 'api', created_at: '2026-09-01T00:00:00Z', merged_at: '2026-09-01T06:00:00Z', author: 'dev1' },
  { type: 'pull_request', id: 'api#2', service: 'api', created_at: '2026-09-02T00:00:00Z', merged_at: '2026-09-03T00:00:00Z', author: 'dev2' },
  { type: 'pull_request', id: 'api#3', service: 'api', created_at: '2026-09-02T00:00:00Z', merged_at: '2026-09-02T00:10:00Z', author: 'bot', is_bot: true },
  { type: 'pull_request', id: 'api#4', service: 'api', created_at: '2026-09-02T00:00:00Z', merged_at: '2026-09-02T00:20:00Z', author: 'dev1', is_revert: true },
  { type: 'pull_request', id: 'api#5', service: 'api', created_at: '2026-09-02T00:00:00Z', author: 'dev1' },
];

const SEPTEMBER = { from: '2026-09-01T00:00:00.000Z', to: '2026-10-01T00:00:00.000Z', tz: 'UTC', groupBy: null };

describe('DORA and delivery, hand-computed', () => {
  const dir = tempDir();
  const db = join(dir, 'dora.duckdb');
  let engine: Engine;
  const kpi = (name: string, request: Partial<KpiRequest> = {}): Promise<KpiResult> => engine.kpi(name, { ...SEPTEMBER, ...request });
  const row = (result: KpiResult, key: string | null = null): PlainRow => {
    const found = key === null ? result.rows[0] : result.rows.find((r) => Object.values(r)[0] === key);
    if (!found) throw new Error(`no row ${key}`);
    return found;
  };

  beforeAll(async () => {
    const file = join(dir, 'events.ndjson');
    writeFileSync(file, `${EVENTS.map((e) => JSON.stringify(e)).join('\n')}\n`);
    const store = await openStore(db);
    const writer = new StoreWriter(store.connection);
    await writer.transaction(() => upsertServices(writer, deliverySettings(config).rules));
    const summary = await importEventFile(store, file, { linkWindowMs: deliverySettings(config).linkWindowMs });
    expect(summary.errors).toEqual([]);
    store.close();
    engine = await Engine.open(db, config);
  });
  afterAll(() => engine?.close());

  it('derives the rollback, the redeploy and the incident links', async () => {
    const kinds = await engine.store.connection.runAndReadAll("SELECT deployment_id, kind, rollback_of FROM deployments WHERE service = 'api' ORDER BY finished_at");
    expect(kinds.getRowObjectsJS()).toEqual([
      { deployment_id: 'd1', kind: 'normal', rollback_of: null },
      { deployment_id: 'f1', kind: 'normal', rollback_of: null },
      { deployment_id: 's1', kind: 'normal', rollback_of: null },
      { deployment_id: 's2', kind: 'normal', rollback_of: null },
      { deployment_id: 'd2', kind: 'normal', rollback_of: null },
      { deployment_id: 'd3', kind: 'normal', rollback_of: null },
      { deployment_id: 'r', kind: 'rollback', rollback_of: 'd3' },
      { deployment_id: 'd4', kind: 'redeploy', rollback_of: null },
      { deployment_id: 'd5', kind: 'normal', rollback_of: null },
    ]);
    const links = await engine.store.connection.runAndReadAll('SELECT incident_id, deployment_id, method FROM incident_deployment_links ORDER BY incident_id');
    expect(links.getRowObjectsJS()).toEqual([
      { incident_id: 'i1', deployment_id: 'd5', method: 'window' },
      { incident_id: 'i3', deployment_id: 'd1', method: 'explicit' },
    ]);
  });

  it('computes every DORA figure of api by hand', async () => {
    const result = await kpi('dora', { groupBy: 'service' });
    expect(row(result, 'api')).toEqual({
      service: 'api',
      deployments: 6, // d1 d2 d3 r d4 d5 (f1 failed, s1 s2 are staging)
      deploy_days: 5, // 09-02, 09-05, 09-08 (d3 and r), 09-10, 09-11
      deployments_per_week: 1.4, // 6 ÷ (30 / 7)
      lead_time_median_s: 2.5 * H, // 1 h, 2 h, 3 h, 4 h: interpolated median
      lead_time_p75_s: 11700, // 3 h + 0.25 × 1 h
      lead_time_p90_s: 13320, // 3 h + 0.7 × 1 h
      lead_time_changes: 4,
      lead_time_excluded_changes: 0,
      deployments_without_changes: 3, // r and d5 (unknown), d4 (empty)
      failed_deployments: 3, // d1 (i3), d3 (rolled back by r), d5 (i1)
      change_failure_rate: 0.5,
      fdrt_median_s: 14 * H, // d3: 2 h, d5: 26 h; d1 still open
      recoveries: 2,
      open_incidents: [{ deployment_id: 'd1', deployment_finished_at: '2026-09-02T10:00:00.000Z', incidents: ['i3'], age_s: 28 * 86400 + 14 * H }],
      unplanned_deployments: 1, // r
      rework_rate: 0.1667,
      band_deployment_frequency: 'high', // at least weekly, not daily
      band_lead_time: 'elite', // under a day
      band_change_failure_rate: 'low', // above 20 %
      band_recovery_time: 'high', // under a day, not under an hour
    });
  });

  it('gives the lower median DevLake uses with --median lower, and the 2023 bands with --bands 2023', async () => {
    const lower = row(await kpi('dora', { groupBy: 'service', options: { median: 'lower' } }), 'api');
    expect(lower['lead_time_median_s']).toBe(2 * H);
    expect(lower['fdrt_median_s']).toBe(2 * H);
    expect(lower['lead_time_p75_s']).toBe(11700);
    const bands2023 = row(await kpi('dora', { groupBy: 'service', options: { bands: '2023' } }), 'api');
    expect(bands2023['band_change_failure_rate']).toBe('low');
    expect(bands2023['band_recovery_time']).toBe('high');
    await expect(kpi('dora', { options: { median: 'average' } })).rejects.toThrow('--median: expected one of interpolated, lower, got "average"');
    await expect(kpi('dora', { options: { colour: 'red' } })).rejects.toThrow('--colour is not an option of dora');
  });

  it('counts deploy days in --tz: 23:30 and 00:30 UTC are one evening in New York, one morning in Tokyo', async () => {
    expect(row(await kpi('dora', { groupBy: 'service', tz: 'America/New_York' }), 'api')['deploy_days']).toBe(4);
    expect(row(await kpi('dora', { groupBy: 'service', tz: 'Asia/Tokyo' }), 'api')['deploy_days']).toBe(4);
    // UTC+13: d3 (23:00) and r (01:00 the next day) fall on two days, d4 and d5 on one: 5 days.
    expect(row(await kpi('dora', { groupBy: 'service', tz: 'Etc/GMT-13' }), 'api')['deploy_days']).toBe(5);
  });

  it('excludes a non-positive lead time with a note, and groups by team', async () => {
    const result = await kpi('dora', { groupBy: 'team' });
    expect(result.rows.map((r) => r['team'])).toEqual(['data', 'web']);
    expect(row(result, 'data')).toMatchObject({ deployments: 1, lead_time_changes: 1, lead_time_excluded_changes: 1, lead_time_median_s: 86400 });
    expect(result.notes).toContain('lead time excludes 1 change with non-positive duration');
    expect(result.notes).toContain('3 deployments without changes (change set unknown or empty) count in deployment frequency but contribute no lead time');
    const overall = await kpi('dora');
    expect(row(overall)).toMatchObject({ deployments: 7, failed_deployments: 3, change_failure_rate: 0.4286, lead_time_changes: 5 });
  });

  it('counts an incident resolved after --to as open and one restored before --from nowhere', async () => {
    // Up to 09-12 01:00, d5's incident i1 is still open; d3 was restored on 09-08.
    const early = row(await kpi('dora', { groupBy: 'service', to: '2026-09-12T01:00:00.000Z' }), 'api');
    expect(early['recoveries']).toBe(1);
    expect((early['open_incidents'] as PlainRow[]).map((o) => [o['deployment_id'], o['incidents']])).toEqual([
      ['d1', ['i3']],
      ['d5', ['i1']],
    ]);
    const late = await kpi('dora', { groupBy: 'service', from: '2026-09-13T00:00:00.000Z' });
    expect(row(late, 'api')).toMatchObject({ deployments: 0, recoveries: 0, change_failure_rate: null, lead_time_median_s: null, band_lead_time: null });
  });

  it('computes the delivery KPI by hand', async () => {
    const api = row(await kpi('delivery', { groupBy: 'service' }), 'api');
    expect(api).toEqual({
      service: 'api',
      pipeline_runs: 4, // p1 (final attempt 2), p2, p3, p4; p5 still running
      pipeline_successes: 1,
      pipeline_failures: 1,
      pipeline_cancelled: 1,
      pipeline_skipped: 1,
      pipeline_success_rate: 0.5,
      pipeline_reruns: 1,
      rerun_rate: 0.25,
      deployment_attempts: 7, // 6 successes and f1
      deployment_success_rate: 0.8571,
      deployment_success_by_environment: {
        production: { attempts: 7, successes: 6, success_rate: 0.8571 },
        staging: { attempts: 2, successes: 1, success_rate: 0.5 },
      },
      prs_merged: 2, // the bot's and the revert are excluded, #5 is not merged
      prs_merged_per_week: 0.4667,
      cycle_time_median_s: 15 * H, // 6 h and 24 h
    });
    const lower = row(await kpi('delivery', { groupBy: 'service', options: { median: 'lower' } }), 'api');
    expect(lower['cycle_time_median_s']).toBe(6 * H);
  });
});

describe('a commit two services of a monorepo ship', () => {
  it('counts in each service from that service’s first deployment, and once overall', async () => {
    const dir = tempDir();
    const file = join(dir, 'mono.ndjson');
    const shipped = (id: string, service: string, finished: string): object => ({
      type: 'deployment',
      id,
      service,
      environment: 'production',
      status: 'success',
      finished_at: finished,
      changes: [change('m1', '2026-09-01T00:00:00Z')],
    });
    writeFileSync(file, [shipped('w1', 'web', '2026-09-01T01:00:00Z'), shipped('a1', 'api', '2026-09-01T03:00:00Z')].map((e) => JSON.stringify(e)).join('\n'));
    const mono = await Engine.open(':memory:', config);
    try {
      await importEventFile(mono.store, file, { linkWindowMs: 86_400_000 });
      const perService = await mono.kpi('dora', { ...SEPTEMBER, groupBy: 'service' });
      expect(perService.rows.map((r) => [r['service'], r['lead_time_changes'], r['lead_time_median_s']])).toEqual([
        ['api', 1, 3 * H],
        ['web', 1, H],
      ]);
      expect((await mono.kpi('dora', SEPTEMBER)).rows[0]).toMatchObject({ lead_time_changes: 1, lead_time_median_s: H });
    } finally {
      mono.close();
    }
  });
});
