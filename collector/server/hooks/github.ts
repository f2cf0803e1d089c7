/**
 * `POST /hooks/github`: GitHub webhooks, verified by `X-Hub-Signature-256` (HMAC-SHA256 of the raw body with the
 * shared secret, checked by @octokit/webhooks-methods) before anything is stored; `X-GitHub-Delivery` is the
 * idempotency key (a redelivery keeps its id), `X-GitHub-Event` the event.
 */
import { verify } from '@octokit/webhooks-methods';
import { GITHUB } from '../../sources/github/normalize.ts';
import { normalizeGitHubEvent } from '../../sources/github/webhook.ts';
import type { HttpRequest, HttpResponse } from '../router.ts';
import { header, receive, type HookDeps } from './receive.ts';

export function githubHook(deps: HookDeps, secret: string): (request: HttpRequest) => Promise<HttpResponse> {
  return (request) =>
    receive(request, deps, {
      authenticate: async (req, body) => {
        const signature = header(req, 'x-hub-signature-256');
        if (!signature) return { ok: false, status: 401, error: 'missing X-Hub-Signature-256: set the webhook secret in GitHub' };
        const valid = /^sha256=[0-9a-f]{64}$/.test(signature) && (await verify(secret, body, signature));
        return valid ? { ok: true, value: true } : { ok: false, status: 401, error: 'X-Hub-Signature-256 does not match the body: wrong secret?' };
      },
      deliveries: (req, _body, json) => {
        const deliveryId = header(req, 'x-github-delivery');
        const event = header(req, 'x-github-event');
        if (!deliveryId || !event) return { ok: false, status: 400, error: 'missing X-GitHub-Delivery or X-GitHub-Event' };
        return { ok: true, value: [{ source: GITHUB, deliveryId, eventType: event, payload: json, normalize: () => normalizeGitHubEvent(event, json, deps.settings) }] };
      },
    });
}
