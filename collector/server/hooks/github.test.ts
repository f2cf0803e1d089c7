/** /hooks/github over real HTTP with the real payloads of @octokit/webhooks-examples, signed with the secret. */
import { createRequire } from 'node:module';
import { sign } from '@octokit/webhooks-methods';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { post, SECRETS, startHookServer, type HookServer } from './test-server.ts';

interface Definition {
  name: string;
  examples: Record<string, unknown>[];
}
const definitions = createRequire(import.meta.url)('@octokit/webhooks-examples') as Definition[];
const examplesOf = (name: string): Record<string, unknown>[] => definitions.find((d) => d.name === name)?.examples ?? [];

let hooks: HookServer;
beforeAll(async () => {
  hooks = await startHookServer();
});
afterAll(() => hooks.close());

async function deliver(event: string, payload: unknown, id: string, secret = SECRETS.PULSE_GITHUB_WEBHOOK_SECRET): Promise<Awaited<ReturnType<typeof post>>> {
  const body = JSON.stringify(payload);
  return post(hooks.server, '/hooks/github', body, { 'x-github-event': event, 'x-github-delivery': id, 'x-hub-signature-256': await sign(secret, body) });
}

describe('POST /hooks/github', () => {
  it('stores every example delivery raw, and normalizes deployments, runs, pull requests and pushes', async () => {
    let n = 0;
    for (const event of ['deployment', 'deployment_status', 'workflow_run', 'pull_request', 'push', 'ping']) {
      for (const payload of examplesOf(event)) {
        const reply = await deliver(event, payload, `gh-${++n}`);
        expect(reply.status, `${event} #${n}: ${JSON.stringify(reply.body)}`).toBe(200);
        expect(reply.body.data?.['stored']).toBe(1);
      }
    }
    expect(await hooks.rows('SELECT count(*)::INTEGER AS n FROM raw_events')).toEqual([{ n }]);
    expect(await hooks.rows("SELECT deployment_id, service, status FROM deployments WHERE source = 'github' ORDER BY 1")).toEqual([
      { deployment_id: 'github:145988746', service: 'hello', status: 'success' },
    ]);
    expect((await hooks.rows('SELECT count(*)::INTEGER AS n FROM pipeline_runs'))[0]?.['n']).toBeGreaterThan(0);
    expect((await hooks.rows('SELECT count(*)::INTEGER AS n FROM pull_requests'))[0]?.['n']).toBeGreaterThan(0);
  });

  it('answers a redelivery with 200 and changes nothing', async () => {
    const payload = examplesOf('deployment_status')[0];
    const first = await deliver('deployment_status', payload, 'redelivered-1');
    const before = await hooks.rows('SELECT count(*)::INTEGER AS n FROM raw_events');
    const again = await deliver('deployment_status', payload, 'redelivered-1');
    expect(first.body.data).toMatchObject({ stored: 1, duplicates: 0 });
    expect(again.status).toBe(200);
    expect(again.body.data).toMatchObject({ stored: 0, duplicates: 1, rows: 0 });
    expect(await hooks.rows('SELECT count(*)::INTEGER AS n FROM raw_events')).toEqual(before);
  });

  it('refuses a bad or missing signature with 401 and stores nothing', async () => {
    const before = await hooks.rows('SELECT count(*)::INTEGER AS n FROM raw_events');
    const wrong = await deliver('push', examplesOf('push')[0], 'bad-sig', 'not the secret');
    expect(wrong).toEqual({ status: 401, body: { ok: false, error: 'X-Hub-Signature-256 does not match the body: wrong secret?' } });
    const body = JSON.stringify(examplesOf('push')[0]);
    const missing = await post(hooks.server, '/hooks/github', body, { 'x-github-event': 'push', 'x-github-delivery': 'no-sig' });
    expect(missing.status).toBe(401);
    const tampered = await post(hooks.server, '/hooks/github', `${body} `, { 'x-github-event': 'push', 'x-github-delivery': 'tampered', 'x-hub-signature-256': await sign(SECRETS.PULSE_GITHUB_WEBHOOK_SECRET, body) });
    expect(tampered.status).toBe(401);
    expect(await hooks.rows('SELECT count(*)::INTEGER AS n FROM raw_events')).toEqual(before);
  });

  it('answers malformed JSON with 400 and the reason, an oversized body with 413, and GET with 405', async () => {
    const body = '{"action": "created",';
    const malformed = await post(hooks.server, '/hooks/github', body, { 'x-github-event': 'push', 'x-github-delivery': 'bad-json', 'x-hub-signature-256': await sign(SECRETS.PULSE_GITHUB_WEBHOOK_SECRET, body) });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error).toMatch(/^malformed JSON: /);
    const big = JSON.stringify({ padding: 'x'.repeat(70 * 1024) });
    const tooLarge = await post(hooks.server, '/hooks/github', big, { 'x-github-event': 'push', 'x-github-delivery': 'big', 'x-hub-signature-256': await sign(SECRETS.PULSE_GITHUB_WEBHOOK_SECRET, big) });
    expect(tooLarge).toEqual({ status: 413, body: { ok: false, error: 'the body is larger than 65536 bytes' } });
    expect((await post(hooks.server, '/hooks/github', '', {}, 'GET')).status).toBe(405);
  });

  it('stores a payload it cannot normalize raw, with the reason', async () => {
    const reply = await deliver('deployment_status', { repository: { full_name: 'a/b' }, deployment_status: { id: 1, state: 'success', created_at: '2026-09-01T00:00:00Z' } }, 'odd-1');
    expect(reply.status).toBe(200);
    expect(reply.body.data).toMatchObject({ stored: 1, rows: 0, skipped: ['stored raw only: deployment: Invalid input: expected object, received undefined'] });
  });
});
