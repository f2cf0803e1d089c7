/** /hooks/gitlab over real HTTP with the GitLab webhook fixtures (go-gitlab testdata). */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { post, SECRETS, startHookServer, type HookServer } from './test-server.ts';

const DIR = join(import.meta.dirname, '..', '..', '..', '..', 'shared', 'fixtures', 'delivery', 'gitlab-webhooks');
const fixture = (name: string): string => readFileSync(join(DIR, name), 'utf8');
const TOKEN = { 'x-gitlab-token': SECRETS.PULSE_GITLAB_WEBHOOK_TOKEN };

let hooks: HookServer;
beforeAll(async () => {
  hooks = await startHookServer();
});
afterAll(() => hooks.close());

describe('POST /hooks/gitlab', () => {
  it('stores every fixture raw and normalizes the deployment, the pipeline, the merge request and the push', async () => {
    const files = readdirSync(DIR).filter((f) => f.endsWith('.json'));
    for (const file of files) {
      const reply = await post(hooks.server, '/hooks/gitlab', fixture(file), { ...TOKEN, 'x-gitlab-event-uuid': `uuid-${file}` });
      expect(reply.status, `${file}: ${JSON.stringify(reply.body)}`).toBe(200);
    }
    expect(await hooks.rows('SELECT count(*)::INTEGER AS n FROM raw_events')).toEqual([{ n: files.length }]);
    expect(await hooks.rows("SELECT deployment_id, environment, commit_sha FROM deployments WHERE source = 'gitlab'")).toEqual([
      { deployment_id: 'gitlab:15', environment: 'staging', commit_sha: '279484c09fbe69ededfced8c1bb6e6d24616b468' },
    ]);
    expect(await hooks.rows("SELECT run_id, status FROM pipeline_runs WHERE source = 'gitlab'")).toEqual([{ run_id: 'gitlab:31', status: 'success' }]);
    expect(await hooks.rows("SELECT pr_id FROM pull_requests WHERE source = 'gitlab'")).toEqual([{ pr_id: 'gitlabhq/gitlab-test!1' }]);
    expect((await hooks.rows("SELECT count(*)::INTEGER AS n FROM commits WHERE source = 'gitlab'"))[0]?.['n']).toBe(2);
  });

  it('takes a deployment without deployment_id and status_changed_at, keyed by its job, and a retry is a no-op', async () => {
    const { deployment_id: _id, status_changed_at: _at, ...old } = JSON.parse(fixture('deployment.json')) as Record<string, unknown>;
    const body = JSON.stringify({ ...old, deployable_id: 4242 });
    const first = await post(hooks.server, '/hooks/gitlab', body, { ...TOKEN, 'idempotency-key': 'retry-key-1' });
    const retry = await post(hooks.server, '/hooks/gitlab', body, { ...TOKEN, 'idempotency-key': 'retry-key-1' });
    expect(first.body.data).toMatchObject({ stored: 1, rows: 1 });
    expect(retry).toMatchObject({ status: 200, body: { data: { stored: 0, duplicates: 1 } } });
    expect(await hooks.rows("SELECT finished_at::VARCHAR AS finished_at FROM deployments WHERE deployment_id = 'gitlab:job:4242'")).toEqual([{ finished_at: '2026-09-01 12:00:00+00' }]);
  });

  it('refuses a wrong or missing token with 401 and stores nothing; malformed JSON gets 400', async () => {
    const before = await hooks.rows('SELECT count(*)::INTEGER AS n FROM raw_events');
    expect(await post(hooks.server, '/hooks/gitlab', fixture('push.json'), { 'x-gitlab-token': 'guess' })).toEqual({ status: 401, body: { ok: false, error: 'missing or wrong X-Gitlab-Token' } });
    expect((await post(hooks.server, '/hooks/gitlab', fixture('push.json'), {})).status).toBe(401);
    expect(await hooks.rows('SELECT count(*)::INTEGER AS n FROM raw_events')).toEqual(before);
    const bad = await post(hooks.server, '/hooks/gitlab', '{"object_kind": ', TOKEN);
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/^malformed JSON: /);
    expect((await post(hooks.server, '/hooks/gitlab', '{"no_kind": true}', TOKEN)).body.error).toMatch(/^object_kind: /);
  });
});
