/** PagerDuty incidents exports (REST API JSON, CSV) into acknowledgements joined by dedup key = sha256(groupKey). */
import { describe, expect, it } from 'vitest';
import { acksFromIncidents, dedupKey, type GroupEpisode } from './acks.ts';
import { parseIncidentsCsv, parseIncidentsJson } from './incidents.ts';

const GROUP = '{}/{severity="page"}:{alertname="CheckoutErrors"}';
const KEY = dedupKey(GROUP);
const T = Date.parse('2026-03-01T10:00:00Z');
const MIN = 60_000;

describe('parseIncidentsJson', () => {
  it('reads acknowledgements by people and resolutions by people, not by integrations', () => {
    const { incidents, errors } = parseIncidentsJson({
      incidents: [
        {
          id: 'P1',
          incident_key: KEY,
          status: 'resolved',
          created_at: '2026-03-01T10:01:00Z',
          acknowledgements: [
            { at: '2026-03-01T10:05:00Z', acknowledger: { type: 'user_reference', summary: 'Ada' } },
            { at: '2026-03-01T10:06:00Z', acknowledger: { type: 'service_reference', summary: 'auto' } },
          ],
          last_status_change_at: '2026-03-01T10:30:00Z',
          last_status_change_by: { type: 'user_reference', summary: 'Ada' },
        },
        { id: 'P2', incident_key: KEY, status: 'resolved', created_at: '2026-03-01T12:00:00Z', last_status_change_at: '2026-03-01T12:03:00Z', last_status_change_by: { type: 'service_reference' } },
        { id: 'P3', status: 'triggered', created_at: '2026-03-01T12:00:00Z' },
      ],
    });
    expect(incidents).toEqual([
      { dedupKey: KEY, createdAt: T + MIN, actions: [{ kind: 'ack', at: T + 5 * MIN, by: 'Ada' }, { kind: 'resolve', at: T + 30 * MIN, by: 'Ada' }] },
      { dedupKey: KEY, createdAt: T + 2 * 60 * MIN, actions: [] },
    ]);
    expect(errors).toEqual([{ row: 3, reason: expect.stringMatching(/^incident_key: /) }]);
  });
});

describe('parseIncidentsCsv', () => {
  it('reads the columns by name, with delays in seconds, and skips auto-resolutions', () => {
    const { incidents, errors } = parseIncidentsCsv(
      [
        'Incident Number,Incident Key,Created On,Seconds To First Ack,Acknowledged By,Resolved On,Resolved By,Auto Resolved',
        `1,${KEY},2026-03-01T10:01:00Z,240,Ada,2026-03-01T10:30:00Z,Ada,false`,
        `2,${KEY},2026-03-01T12:00:00Z,,,2026-03-01T12:03:00Z,,true`,
        '3,,2026-03-01T12:00:00Z,,,,,',
      ].join('\n'),
    );
    expect(incidents).toEqual([
      { dedupKey: KEY, createdAt: T + MIN, actions: [{ kind: 'ack', at: T + 5 * MIN, by: 'Ada' }, { kind: 'resolve', at: T + 30 * MIN, by: 'Ada' }] },
      { dedupKey: KEY, createdAt: T + 120 * MIN, actions: [] },
    ]);
    expect(errors).toEqual([{ row: 4, reason: expect.stringMatching(/no incident_key/) }]);
    expect(parseIncidentsCsv('id,title\n1,x\n').errors[0]?.reason).toMatch(/header needs incident_key or dedup_key/);
  });
});

describe('acksFromIncidents', () => {
  it('acknowledges the group episodes that had started and were still firing when the incident was created', () => {
    const episodes: GroupEpisode[] = [
      { fingerprint: 'f1', startsAt: T, endsAt: T + 20 * MIN, groupKey: GROUP },
      { fingerprint: 'f2', startsAt: T + 2 * MIN, endsAt: null, groupKey: GROUP },
      // Started after the acknowledgement: only the resolution covers it.
      { fingerprint: 'f3', startsAt: T + 10 * MIN, endsAt: T + 15 * MIN, groupKey: GROUP },
      // Over before the incident existed.
      { fingerprint: 'f4', startsAt: T - 60 * MIN, endsAt: T - 30 * MIN, groupKey: GROUP },
      { fingerprint: 'f5', startsAt: T, endsAt: null, groupKey: 'other' },
    ];
    const incidents = [{ dedupKey: KEY, createdAt: T + MIN, actions: [{ kind: 'ack' as const, at: T + 5 * MIN, by: 'Ada' }, { kind: 'resolve' as const, at: T + 30 * MIN, by: 'Ada' }] }];
    const { acks, unmatched } = acksFromIncidents([...incidents, { dedupKey: dedupKey('nobody'), createdAt: T, actions: [] }], episodes);
    expect(unmatched).toBe(1);
    expect(acks.map((a) => [a.fingerprint, (a.acked_at - T) / MIN, a.acked_by, a.source])).toEqual([
      ['f1', 5, 'Ada', 'pagerduty'],
      ['f2', 5, 'Ada', 'pagerduty'],
      ['f1', 30, 'Ada', 'pagerduty'],
      ['f2', 30, 'Ada', 'pagerduty'],
      ['f3', 30, 'Ada', 'pagerduty'],
    ]);
  });
});
