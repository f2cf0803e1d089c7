import { describe, expect, it } from 'vitest';
import { parseEventLine } from './parse.ts';

const deployment = {
  type: 'deployment',
  id: 'd-42',
  service: 'ranker',
  environment: 'production',
  status: 'success',
  started_at: '2026-09-01T10:00:00Z',
  finished_at: '2026-09-01T10:07:00Z',
  commit: '9f2c',
  changes: [{ sha: '9f2c', authored_at: '2026-08-31T16:20:00Z', pr: 118 }],
  kind: 'normal',
  rollback_of: null,
  team_note: 'unknown fields are fine',
};

describe('parseEventLine', () => {
  it('reads the SOURCES.md example deployment, timestamps as epoch ms', () => {
    const result = parseEventLine(JSON.stringify(deployment), 1);
    expect(result.ok && result.value?.event).toMatchObject({
      type: 'deployment',
      id: 'd-42',
      finished_at: Date.UTC(2026, 8, 1, 10, 7),
      changes: [{ sha: '9f2c', authored_at: Date.UTC(2026, 7, 31, 16, 20), pr: 118, author: null, incident: null }],
    });
    expect(result.ok && result.value?.deliveryId).toMatch(/^deployment:d-42:[0-9a-f]{16}$/);
  });

  it('gives the same delivery id to the same line and another to a changed line', () => {
    const a = parseEventLine(JSON.stringify(deployment), 1);
    const b = parseEventLine(`  ${JSON.stringify(deployment)}\r`, 7);
    const c = parseEventLine(JSON.stringify({ ...deployment, status: 'failure' }), 1);
    expect(a.ok && b.ok && a.value?.deliveryId === b.value?.deliveryId).toBe(true);
    expect(a.ok && c.ok && a.value?.deliveryId !== c.value?.deliveryId).toBe(true);
  });

  it('reads every event type with its defaults', () => {
    const lines = [
      { type: 'incident', id: 'inc-7', service: 'ranker', severity: 'sev2', created_at: '2026-09-01T11:00:00Z', acknowledged_at: null, resolved_at: '2026-09-01T12:00:00+02:00', caused_by: 'd-42' },
      { type: 'pipeline_run', id: 'r-991', pipeline: 'build', status: 'success', started_at: '2026-09-01T09:00:00Z', finished_at: '2026-09-01T09:10:00Z' },
      { type: 'pull_request', id: 'ranker#118', created_at: '2026-08-31T12:00:00Z', merged_at: '2026-08-31T18:00:00Z', author: 'dev1' },
      { type: 'alert_ack', fingerprint: '7ecb', starts_at: '2026-11-02T12:00:00Z', at: '2026-11-02T12:10:00Z', by: 'oncall' },
    ];
    const events = lines.map((l, i) => parseEventLine(JSON.stringify(l), i + 1));
    expect(events.every((e) => e.ok && e.value !== null)).toBe(true);
    const [incident, run, pr, ack] = events.map((e) => (e.ok ? e.value?.event : null));
    expect(incident).toMatchObject({ resolved_at: Date.UTC(2026, 8, 1, 10), acknowledged_at: null });
    expect(run).toMatchObject({ attempt: 1, service: null, commit: null });
    expect(pr).toMatchObject({ is_bot: false, is_revert: false, merge_commit: null });
    expect(ack).toMatchObject({ automated: false, actionable: null });
    expect(events[1]?.ok && events[1].value?.deliveryId.startsWith('pipeline_run:r-991#1:')).toBe(true);
  });

  it('skips blank lines and a byte-order mark', () => {
    expect(parseEventLine('   ', 3)).toEqual({ ok: true, value: null });
    const bom = parseEventLine(`\uFEFF${JSON.stringify(deployment)}`, 1);
    expect(bom.ok && bom.value?.event.type).toBe('deployment');
  });

  it('reports malformed JSON, unknown types and bad fields with the line and the field', () => {
    expect(parseEventLine('{"type":', 4)).toEqual({ ok: false, error: { line: 4, reason: expect.stringMatching(/^malformed JSON: /) } });
    expect(parseEventLine('[1]', 5)).toEqual({ ok: false, error: { line: 5, reason: 'expected a JSON object' } });
    expect(parseEventLine('{"type":"deploy"}', 6)).toEqual({
      ok: false,
      error: { line: 6, reason: 'type: expected one of deployment, incident, pipeline_run, pull_request, alert_ack, got "deploy"' },
    });
    const bad = parseEventLine(JSON.stringify({ ...deployment, status: 'inactive', finished_at: '2026-09-01 10:07', service: '' }), 9);
    expect(bad.ok).toBe(false);
    const reason = bad.ok ? '' : bad.error.reason;
    expect(reason).toContain('service: must not be empty');
    expect(reason).toMatch(/status: .*"success"/);
    expect(reason).toContain('finished_at: expected an ISO-8601 timestamp with Z or an offset (2026-09-01T10:00:00Z), got "2026-09-01 10:07"');
  });
});
