/**
 * `POST /hooks/gitlab`: GitLab webhooks, verified by `X-Gitlab-Token` (compared in constant time) before anything
 * is stored. The idempotency key is `Idempotency-Key` (GitLab keeps it across retries), else
 * `X-Gitlab-Event-UUID`, else the body's digest; the event is the body's `object_kind`.
 */
import { GITLAB } from '../../sources/gitlab/normalize.ts';
import { normalizeGitLabEvent } from '../../sources/gitlab/webhook.ts';
import type { HttpRequest, HttpResponse } from '../router.ts';
import { sameSecret } from './secret.ts';
import { header, receive, sha256, type HookDeps } from './receive.ts';

export function gitlabHook(deps: HookDeps, token: string): (request: HttpRequest) => Promise<HttpResponse> {
  return (request) =>
    receive(request, deps, {
      authenticate: async (req) => (sameSecret(header(req, 'x-gitlab-token'), token) ? { ok: true, value: true } : { ok: false, status: 401, error: 'missing or wrong X-Gitlab-Token' }),
      deliveries: (req, body, json) => {
        const kind = typeof json === 'object' && json !== null ? (json as { object_kind?: unknown }).object_kind : undefined;
        if (typeof kind !== 'string') return { ok: false, status: 400, error: 'object_kind: expected the kind of hook (deployment, pipeline, merge_request, push, …)' };
        const deliveryId = header(req, 'idempotency-key') ?? header(req, 'x-gitlab-event-uuid') ?? `sha256:${sha256(body)}`;
        const receivedAt = deps.now();
        return { ok: true, value: [{ source: GITLAB, deliveryId, eventType: kind, payload: json, normalize: () => normalizeGitLabEvent(kind, json, deps.settings, receivedAt) }] };
      },
    });
}
