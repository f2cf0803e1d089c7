/**
 * `pulse kpi alert-noise` on hand-made episodes and acknowledgements: one episode per rule of METRICS.md
 * (first match wins), the ratio, its coverage and lower bound, notifications and pages per shift.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../collector/engine.ts';
import { DEFAULT_CONFIG } from '../collector/config/defaults.ts';
import { StoreWriter } from '../collector/store/writer.ts';
import type { KpiResult, PlainRow } from './contract.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const FROM = Date.parse('2026-11-01T00:00:00Z');
const TO = FROM + 7 * DAY;

interface Episode {
  fp: string;
  start: number;
  /** Minutes until resolved; null: still firing. */
  minutes: number | null;
  severity: string;
  labels?: Record<string, string>;
  ack?: { automated?: boolean; actionable?: boolean | null };
  /** The class METRICS.md gives it. */
  expect: string;
}

const EPISODES: Episode[] = [
  { fp: 'a1', start: FROM + DAY, minutes: 40, severity: 'page', ack: {}, expect: 'actionable' },
  { fp: 'a2', start: FROM + DAY, minutes: 40, severity: 'page', labels: { actionable: 'true' }, expect: 'actionable' },
  { fp: 'a3', start: FROM + DAY, minutes: 3, severity: 'page', expect: 'transient' },
  { fp: 'a4', start: FROM + DAY, minutes: 3, severity: 'page', ack: { actionable: true }, expect: 'actionable' },
  { fp: 'a5', start: FROM + 2 * DAY, minutes: 20, severity: 'warning', expect: 'ignored' },
  { fp: 'a5', start: FROM + 2 * DAY + 50 * MIN, minutes: 20, severity: 'warning', expect: 'flapping' },
  { fp: 'a7', start: TO - 30 * HOUR, minutes: null, severity: 'warning', expect: 'ignored' },
  { fp: 'a8', start: TO - 2 * HOUR, minutes: null, severity: 'warning', expect: 'unknown' },
  { fp: 'a9', start: FROM + 3 * DAY, minutes: 60, severity: 'warning', ack: { automated: true }, expect: 'ignored' },
  { fp: 'b0', start: FROM + 3 * DAY, minutes: 60, severity: 'warning', ack: { actionable: false }, expect: 'ignored' },
  // Resolved only after --to: open for 10 hours at --to.
  { fp: 'b1', start: TO - 10 * HOUR, minutes: 11 * 60, severity: 'warning', expect: 'unknown' },
];

let engine: Engine;

function kpi(groupBy: string | null, from = FROM, to = TO): Promise<KpiResult> {
  return engine.kpi('alert-noise', { from: new Date(from).toISOString(), to: new Date(to).toISOString(), tz: 'UTC', groupBy });
}

function only(result: KpiResult): PlainRow {
  expect(result.rows).toHaveLength(1);
  return result.rows[0] as PlainRow;
}

beforeAll(async () => {
  engine = await Engine.open(':memory:', DEFAULT_CONFIG);
  const writer = new StoreWriter(engine.store.connection);
  await writer.appendRows(
    'alert_episodes',
    EPISODES.map((e, i) => ({
      fingerprint: e.fp,
      starts_at: e.start,
      ends_at: e.minutes === null ? null : e.start + e.minutes * MIN,
      alertname: `Alert${e.fp}`,
      receiver: 'team',
      severity: e.severity,
      labels: { alertname: `Alert${e.fp}`, severity: e.severity, ...e.labels },
      group_key: '{}:{}',
      notifications: i + 1,
      last_notified_at: e.start,
      source: 'test',
    })),
  );
  await writer.appendRows(
    'alert_acks',
    EPISODES.filter((e) => e.ack).map((e) => ({
      fingerprint: e.fp,
      starts_at: e.start,
      acked_at: e.start + MIN,
      acked_by: e.ack?.automated ? 'bot' : 'oncall',
      automated: e.ack?.automated ?? false,
      actionable: e.ack?.actionable ?? null,
      source: 'test',
    })),
  );
});

afterAll(() => engine.close());

describe('pulse kpi alert-noise', () => {
  it('classifies each episode by the first rule that matches', async () => {
    const counts = (cls: string): number => EPISODES.filter((e) => e.expect === cls).length;
    const row = only(await kpi(null));
    expect(row).toMatchObject({
      episodes: 11,
      actionable: counts('actionable'),
      transient: counts('transient'),
      flapping: counts('flapping'),
      ignored: counts('ignored'),
      unknown: counts('unknown'),
      notifications: 66,
    });
    expect(row['actionable']).toBe(3);
    expect(row['ignored']).toBe(4);
    expect(row['alert_noise_ratio']).toBeCloseTo(6 / 9, 12);
    expect(row['coverage']).toBeCloseTo(9 / 11, 12);
    // Known ends: 8; resolved within 5 minutes or re-fired within the hour (acknowledged or not): 3.
    expect(row['noise_lower_bound']).toBeCloseTo(3 / 8, 12);
    expect(row['pages_per_shift']).toBeCloseTo(11 / 14, 12);
  });

  it('groups by severity, alertname or receiver', async () => {
    const bySeverity = await kpi('severity');
    expect(bySeverity.rows.map((r) => [r['severity'], r['episodes'], r['actionable']])).toEqual([
      ['page', 4, 3],
      ['warning', 7, 0],
    ]);
    const byName = await kpi('alertname');
    expect(byName.rows.find((r) => r['alertname'] === 'Alerta5')).toMatchObject({ episodes: 2, flapping: 1, ignored: 1 });
    expect((await kpi('receiver')).rows).toHaveLength(1);
  });

  it('without acknowledgement data, only the outcomes that need none are known', async () => {
    // A window holding only the second day: no acknowledgement falls in it.
    const row = only(await kpi(null, FROM + 2 * DAY, FROM + 3 * DAY));
    expect(row).toMatchObject({ episodes: 2, flapping: 1, ignored: 0, unknown: 1 });
    expect(row['coverage']).toBeCloseTo(0.5, 12);
    expect(row['noise_lower_bound']).toBeCloseTo(0.5, 12);
    expect((await kpi(null, FROM + 2 * DAY, FROM + 3 * DAY)).notes.join(' ')).toMatch(/no knowable outcome/);
  });

  it('gives one overall row with zero episodes and null ratios for an empty window', async () => {
    const row = only(await kpi(null, FROM - 30 * DAY, FROM - 20 * DAY));
    expect(row).toMatchObject({ episodes: 0, alert_noise_ratio: null, coverage: null, noise_lower_bound: null, pages_per_shift: 0 });
  });
});
