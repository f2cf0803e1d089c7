/**
 * `POST /hooks/events`: generic delivery events (SOURCES.md), one JSON object or NDJSON, with
 * `Authorization: Bearer <token>`. All or nothing: a body with an invalid line is refused (400, every bad line
 * with its number and reason) and nothing is stored; each event's id and content make its idempotency key.
 */
import { hasBearer } from '../security.ts';
import { EVENTS_SOURCE, normalizeEvents } from '../../sources/events/normalize.ts';
import { parseEventLine, type ParsedEvent } from '../../sources/events/parse.ts';
import type { HttpRequest, HttpResponse } from '../router.ts';
import { header, receive, type Delivery, type HookDeps } from './receive.ts';

export function eventsHook(deps: HookDeps, token: string): (request: HttpRequest) => Promise<HttpResponse> {
  return (request) =>
    receive(request, deps, {
      rawJson: true,
      authenticate: async (req) =>
        hasBearer(header(req, 'authorization'), token) ? { ok: true, value: true } : { ok: false, status: 401, error: 'missing or wrong Authorization: Bearer <token>' },
      deliveries: (_req, body) => {
        const events: ParsedEvent[] = [];
        const errors: string[] = [];
        body.split('\n').forEach((text, i) => {
          const result = parseEventLine(text, i + 1);
          if (!result.ok) errors.push(`line ${result.error.line}: ${result.error.reason}`);
          else if (result.value !== null) events.push(result.value);
        });
        if (errors.length > 0) return { ok: false, status: 400, error: errors.join('\n') };
        if (events.length === 0) return { ok: false, status: 400, error: 'no event in the body' };
        const receivedAt = deps.now();
        return {
          ok: true,
          value: events.map(
            (e): Delivery => ({ source: EVENTS_SOURCE, deliveryId: e.deliveryId, eventType: e.event.type, payload: e.event, text: e.text, normalize: () => ({ batch: normalizeEvents([e], receivedAt), skipped: null }) }),
          ),
        };
      },
    });
}
