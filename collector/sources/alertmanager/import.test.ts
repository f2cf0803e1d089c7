/**
 * `pulse import alertmanager`: NDJSON payloads fold into episodes; repeated notifications of a group count as
 * deliveries, never as episodes; importing the same file again (or a longer copy) adds only what is new.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../store/db.ts';
import { readRows } from '../delivery/read.ts';
import { importAlertmanagerFile, parseNdjsonNotifications } from './import.ts';

const dir = mkdtempSync(join(tmpdir(), 'pulse-am-import-'));
let store: Store;

function payload(status: 'firing' | 'resolved', alerts: { name: string; startsAt: string; endsAt?: string }[]): string {
  return JSON.stringify({
    version: '4',
    groupKey: '{}:{alertname="DiskFull"}',
    status,
    receiver: 'oncall',
    groupLabels: { alertname: 'DiskFull' },
    commonLabels: {},
    commonAnnotations: {},
    externalURL: 'http://am',
    alerts: alerts.map((a) => ({
      status: a.endsAt ? 'resolved' : 'firing',
      labels: { alertname: 'DiskFull', instance: a.name, severity: 'warning' },
      annotations: {},
      startsAt: a.startsAt,
      endsAt: a.endsAt ?? '0001-01-01T00:00:00Z',
    })),
  });
}

const FIRING = payload('firing', [{ name: 'a', startsAt: '2026-02-01T10:00:00Z' }]);
const AGAIN = FIRING;
const RESOLVED = payload('resolved', [{ name: 'a', startsAt: '2026-02-01T10:00:00Z', endsAt: '2026-02-01T10:03:00Z' }]);
const REFIRED = payload('firing', [{ name: 'a', startsAt: '2026-02-01T10:20:00Z' }, { name: 'b', startsAt: '2026-02-01T10:20:00Z' }]);

beforeEach(async () => {
  store = await openStore(':memory:');
});
afterEach(() => store.close());

async function episodes(): Promise<Record<string, unknown>[]> {
  return (await readRows(store.connection, 'SELECT labels->>\'$.instance\' AS instance, strftime(starts_at, \'%H:%M\') AS starts, strftime(ends_at, \'%H:%M\') AS ends, notifications FROM alert_episodes ORDER BY starts_at, instance')).map((r) => ({ ...r }));
}

describe('importAlertmanagerFile', () => {
  it('folds notifications into episodes and is idempotent', async () => {
    const file = join(dir, 'one.ndjson');
    writeFileSync(file, [FIRING, AGAIN, 'not json', RESOLVED, REFIRED].join('\n'));
    const summary = await importAlertmanagerFile(store, file);
    expect(summary).toMatchObject({ lines: 5, stored: 4, duplicates: 0, errors: [{ line: 3, reason: expect.stringMatching(/^malformed JSON/) }] });
    const want = [
      { instance: 'a', starts: '10:00', ends: '10:03', notifications: 3 },
      { instance: 'a', starts: '10:20', ends: null, notifications: 1 },
      { instance: 'b', starts: '10:20', ends: null, notifications: 1 },
    ];
    expect(await episodes()).toEqual(want);
    expect((await importAlertmanagerFile(store, file)).stored).toBe(0);
    writeFileSync(file, [FIRING, AGAIN, RESOLVED, REFIRED, REFIRED].join('\n'));
    expect((await importAlertmanagerFile(store, file)).stored).toBe(1);
    expect((await episodes()).map((e) => e['notifications'])).toEqual([3, 2, 2]);
    expect(await readRows(store.connection, "SELECT count(*)::INTEGER AS n FROM raw_events WHERE source = 'alertmanager'")).toEqual([{ n: 5 }]);
  });

  it('takes a line without a receive time as sent at its latest timestamp', () => {
    const { notifications } = parseNdjsonNotifications(`${RESOLVED}\n`);
    expect(notifications[0]?.receivedAt).toBe(Date.parse('2026-02-01T10:03:00Z'));
  });
});
