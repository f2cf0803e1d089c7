import { describe, expect, it } from 'vitest';
import { causeReference, linkIncidents, type LinkContext, type LinkDeployment, type LinkIncident } from './links.ts';

const H = 3_600_000;
const deployments: LinkDeployment[] = [
  { deployment_id: 'd1', service: 'ranker', finished_at: 10 * H, commit_sha: 'aaaaaaa1' },
  { deployment_id: 'd2', service: 'ranker', finished_at: 20 * H, commit_sha: 'bbbbbbb2' },
  { deployment_id: 'e1', service: 'embedder', finished_at: 21 * H, commit_sha: 'ccccccc3' },
];
function context(extra: Partial<LinkContext> = {}): LinkContext {
  return {
    deployments,
    knownDeployments: new Map([...deployments.map((d): [string, string] => [d.deployment_id, d.service]), ['failed-1', 'ranker']]),
    shippedBy: new Map([['f00dbabe', ['d2']]]),
    rolledBack: new Set(),
    windowMs: 24 * H,
    ...extra,
  };
}
function incident(id: string, hour: number, extra: Partial<LinkIncident> = {}): LinkIncident {
  return { incident_id: id, service: 'ranker', created_at: hour * H, caused_by: null, source: 'events', ...extra };
}

describe('linkIncidents', () => {
  it('links explicitly by deployment id or by commit (first successful deployment shipping it)', () => {
    const links = linkIncidents(
      [incident('i1', 50, { caused_by: 'd1' }), incident('i2', 50, { caused_by: 'root cause: f00dbabe' }), incident('i3', 50, { caused_by: 'aaaaaaa1' }), incident('i4', 50, { caused_by: 'failed-1' })],
      context(),
    );
    expect(links.map((l) => [l.incident_id, l.deployment_id, l.method, l.confidence])).toEqual([
      ['i1', 'd1', 'explicit', 1],
      ['i2', 'd2', 'explicit', 1],
      ['i3', 'd1', 'explicit', 1],
      ['i4', 'failed-1', 'explicit', 1],
    ]);
  });

  it('refuses explicit links across services and unknown references, falling through to the other rules', () => {
    expect(linkIncidents([incident('i1', 50, { caused_by: 'e1' })], context())).toEqual([]);
    expect(linkIncidents([incident('i2', 50, { caused_by: 'no-such-deploy' })], context())).toEqual([]);
    expect(linkIncidents([incident('i3', 22, { caused_by: 'e1' })], context())[0]).toMatchObject({ deployment_id: 'd2', method: 'window' });
  });

  it('links the live deployment when it was rolled back, however long ago it finished', () => {
    const links = linkIncidents([incident('i1', 100)], context({ rolledBack: new Set(['d2']) }));
    expect(links).toEqual([{ incident_id: 'i1', deployment_id: 'd2', method: 'rollback', confidence: 0.8, source: 'events' }]);
  });

  it('links by window only within link_window, inclusive, and never before the first deployment', () => {
    expect(linkIncidents([incident('edge', 44)], context())[0]).toMatchObject({ deployment_id: 'd2', method: 'window' });
    expect(linkIncidents([incident('late', 44.01)], context())).toEqual([]);
    expect(linkIncidents([incident('early', 5)], context())).toEqual([]);
    expect(linkIncidents([incident('nosvc', 21, { service: null })], context())).toEqual([]);
  });

  it('reads root-cause references', () => {
    expect(causeReference(' Root cause: abc1234 ')).toBe('abc1234');
    expect(causeReference('d-42')).toBe('d-42');
    expect(causeReference('')).toBeNull();
    expect(causeReference(null)).toBeNull();
  });
});
