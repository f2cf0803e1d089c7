/**
 * `POST /hooks/alertmanager`: Alertmanager webhook notifications (version 4), with the bearer token of the
 * receiver's http_config (`authorization: { credentials_file | credentials }`). The body is checked (size,
 * token, JSON, payload shape), then stored raw with the episodes it reports in one transaction, and only then
 * answered 200. Alertmanager repeats a group's notification every group/repeat interval: each delivery counts
 * in `notifications`, its alerts fold into their (fingerprint, startsAt) episodes, never duplicating them.
 */
import { storeNotifications } from '../../sources/alertmanager/store.ts';
import { parseWebhookPayload } from '../../sources/alertmanager/payload.ts';
import { StoreWriter } from '../../store/writer.ts';
import type { HttpRequest, HttpResponse } from '../router.ts';
import { hasBearer } from '../security.ts';
import { BodyTooLargeError } from './body.ts';
import { header, reply, sha256, type HookDeps } from './receive.ts';

export function alertmanagerHook(deps: Pick<HookDeps, 'store' | 'maxBodyBytes' | 'serial' | 'now'>, token: string): (request: HttpRequest) => Promise<HttpResponse> {
  return async (request) => {
    if (request.method !== 'POST') return reply(405, { ok: false, error: `${request.method} is not allowed: webhooks are POSTed` }, { Allow: 'POST' });
    if (!hasBearer(header(request, 'authorization'), token)) return reply(401, { ok: false, error: 'missing or wrong Authorization: Bearer <token>' });
    if (!request.readBody) return reply(500, { ok: false, error: 'this server cannot read request bodies' });
    let body: string;
    try {
      body = Buffer.from(await request.readBody(deps.maxBodyBytes)).toString('utf8');
    } catch (error) {
      if (error instanceof BodyTooLargeError) return reply(413, { ok: false, error: error.message }, { Connection: 'close' });
      throw error;
    }
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch (error) {
      return reply(400, { ok: false, error: `malformed JSON: ${error instanceof Error ? error.message : String(error)}` });
    }
    const receivedAt = deps.now();
    const parsed = parseWebhookPayload(json, receivedAt);
    if (!parsed.ok) return reply(400, { ok: false, error: parsed.error });
    const digest = sha256(body);
    const notification = { deliveryId: `${receivedAt}:${digest}`, receivedAt, body, bodySha256: digest, alerts: parsed.alerts };
    const writer = new StoreWriter(deps.store.connection);
    const summary = await deps.serial(() => writer.transaction(() => storeNotifications(writer, deps.store.connection, [notification])));
    return reply(200, { ok: true, data: { ...summary, alerts: parsed.alerts.length, truncated: parsed.truncated } });
  };
}
