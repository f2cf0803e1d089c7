import { describe, expect, it } from 'vitest';
import { normalizeEvents } from './normalize.ts';
import { parseEventLine, type ParsedEvent } from './parse.ts';

function parsed(obj: object, line = 1): ParsedEvent {
  const result = parseEventLine(JSON.stringify(obj), line);
  if (!result.ok || result.value === null) throw new Error('fixture does not parse');
  return result.value;
}

const base = { type: 'deployment', id: 'd1', service: 'ranker', environment: 'production', status: 'success', finished_at: '2026-09-01T10:00:00Z' };

describe('normalizeEvents', () => {
  it('turns a deployment into a row, its commits and its change set, keeping the raw line', () => {
    const batch = normalizeEvents(
      [parsed({ ...base, changes: [{ sha: 'a1', authored_at: '2026-08-31T10:00:00Z', pr: 7 }, { sha: 'b2', authored_at: '2026-08-31T11:00:00Z', pr: 'x#9', incident: 'inc-1' }] })],
      1000,
    );
    expect(batch.deployments).toEqual([
      expect.objectContaining({ deployment_id: 'd1', kind: 'normal', kind_derived: true, commit_sha: 'b2', started_at: null, rollback_of: null, source: 'events' }),
    ]);
    expect(batch.changeSets).toEqual([{ deployment_id: 'd1', commit_shas: ['a1', 'b2'], source: 'events' }]);
    expect(batch.commits.map((c) => [c.sha, c.pr, c.incident_id, c.service])).toEqual([
      ['a1', 'ranker#7', null, 'ranker'],
      ['b2', 'x#9', 'inc-1', 'ranker'],
    ]);
    expect(batch.raw[0]).toMatchObject({ source: 'events', event_type: 'deployment', received_at: 1000 });
    expect(JSON.parse(batch.raw[0]?.body ?? '{}')).toMatchObject({ id: 'd1' });
  });

  it('keeps a stated kind and leaves an unknown change set alone', () => {
    const batch = normalizeEvents([parsed({ ...base, kind: 'rollback', rollback_of: 'd0', commit: 'c0' })], 0);
    expect(batch.deployments[0]).toMatchObject({ kind: 'rollback', kind_derived: false, rollback_of: 'd0', commit_sha: 'c0' });
    expect(batch.changeSets).toEqual([]);
    expect(normalizeEvents([parsed({ ...base, changes: [] })], 0).changeSets).toEqual([{ deployment_id: 'd1', commit_shas: [], source: 'events' }]);
  });
});
