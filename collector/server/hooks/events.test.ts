/** /hooks/events over real HTTP: generic events with a bearer token, all or nothing. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { post, SECRETS, startHookServer, type HookServer } from './test-server.ts';

const AUTH = { authorization: `Bearer ${SECRETS.PULSE_EVENTS_TOKEN}` };
const deployment = { type: 'deployment', id: 'd-1', service: 'ranker', environment: 'production', status: 'success', finished_at: '2026-09-01T10:00:00Z', commit: 'abc1234' };
const incident = { type: 'incident', id: 'inc-1', service: 'ranker', created_at: '2026-09-01T11:00:00Z', caused_by: 'd-1' };

let hooks: HookServer;
beforeAll(async () => {
  hooks = await startHookServer();
});
afterAll(() => hooks.close());

describe('POST /hooks/events', () => {
  it('stores NDJSON events, normalized and linked, and a redelivery changes nothing', async () => {
    const body = `${JSON.stringify(deployment)}\n${JSON.stringify(incident)}\n`;
    const first = await post(hooks.server, '/hooks/events', body, AUTH);
    expect(first).toEqual({ status: 200, body: { ok: true, data: { stored: 2, duplicates: 0, rows: 2, skipped: [] } } });
    expect(await hooks.rows('SELECT incident_id, deployment_id, method FROM incident_deployment_links')).toEqual([{ incident_id: 'inc-1', deployment_id: 'd-1', method: 'explicit' }]);
    expect(await hooks.rows("SELECT body FROM raw_events WHERE event_type = 'incident'")).toEqual([{ body: JSON.stringify(incident) }]);
    const again = await post(hooks.server, '/hooks/events', JSON.stringify(deployment), AUTH);
    expect(again.body.data).toMatchObject({ stored: 0, duplicates: 1 });
  });

  it('refuses the whole body when a line is invalid, naming the line and the field', async () => {
    const before = await hooks.rows('SELECT count(*)::INTEGER AS n FROM raw_events');
    const body = `${JSON.stringify({ ...deployment, id: 'd-2' })}\n${JSON.stringify({ ...incident, created_at: 'yesterday' })}\nnot json`;
    const reply = await post(hooks.server, '/hooks/events', body, AUTH);
    expect(reply.status).toBe(400);
    expect(reply.body.error).toContain('line 2: created_at: expected an ISO-8601 timestamp with Z or an offset');
    expect(reply.body.error).toMatch(/line 3: malformed JSON: /);
    expect(await hooks.rows('SELECT count(*)::INTEGER AS n FROM raw_events')).toEqual(before);
  });

  it('refuses a missing or wrong bearer token with 401', async () => {
    expect((await post(hooks.server, '/hooks/events', JSON.stringify(deployment), {})).status).toBe(401);
    expect(await post(hooks.server, '/hooks/events', JSON.stringify(deployment), { authorization: 'Bearer nope' })).toEqual({ status: 401, body: { ok: false, error: 'missing or wrong Authorization: Bearer <token>' } });
  });

  it('leaves unknown hook names to the read-only router (405), whatever the name', async () => {
    for (const name of ['jira', 'constructor', 'toString']) {
      expect((await post(hooks.server, `/hooks/${name}`, '{}', AUTH)).status, name).toBe(405);
    }
  });
});
