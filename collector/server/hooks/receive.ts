/**
 * What every webhook receiver does, in this order: POST only; the body within the size limit (413); the sender
 * verified before anything is stored (401); the JSON parsed (400 with the reason); then, in one transaction, the
 * raw event stored once per delivery id with the rows normalized from it, and kinds and links derived again. The
 * 2xx is sent after the commit. A redelivery of a stored id changes nothing and is answered 200. A payload
 * Pulse cannot normalize is still stored raw (200 with the reason), so nothing the sender sent is lost.
 */
import { createHash } from 'node:crypto';
import { ZodError } from 'zod';
import type { Store } from '../../store/db.ts';
import { StoreWriter } from '../../store/writer.ts';
import { deriveDelivery } from '../../sources/delivery/derive.ts';
import { emptyBatch, mergeInto, type Normalized } from '../../sources/delivery/model.ts';
import type { DeliverySettings } from '../../sources/delivery/settings.ts';
import { storedDeliveries, writeBatch } from '../../sources/delivery/store.ts';
import type { HttpRequest, HttpResponse } from '../router.ts';
import { SECURITY_HEADERS } from '../security.ts';
import { BodyTooLargeError } from './body.ts';
import type { Serial } from './queue.ts';

export interface HookDeps {
  store: Store;
  settings: DeliverySettings;
  maxBodyBytes: number;
  serial: Serial;
  now: () => number;
}

/** One delivery as the receiver understood it. */
export interface Delivery {
  source: string;
  deliveryId: string;
  eventType: string;
  payload: unknown;
  /** The delivery's own text when the body carries several (NDJSON lines); else the body is its raw event. */
  text?: string;
  /** The rows normalized from it; a throw stores the raw event alone, with the reason. */
  normalize(): Normalized;
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; status: number; error: string };

export interface HookSpec {
  /** Checks the sender from the headers and the raw body: 401 when it fails. */
  authenticate(request: HttpRequest, body: string): Promise<Outcome<true>>;
  /** The deliveries a (verified, parsed) body carries. */
  deliveries(request: HttpRequest, body: string, json: unknown): Outcome<Delivery[]>;
  /** Bodies that are several JSON documents (NDJSON) parse themselves in `deliveries`. */
  rawJson?: boolean;
}

export function header(request: HttpRequest, name: string): string | undefined {
  const value = request.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

export function reply(status: number, body: { ok: true; data: unknown } | { ok: false; error: string }, headers: Record<string, string> = {}): HttpResponse {
  return { status, headers: { ...SECURITY_HEADERS, 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...headers }, body: JSON.stringify(body) };
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export async function receive(request: HttpRequest, deps: HookDeps, spec: HookSpec): Promise<HttpResponse> {
  if (request.method !== 'POST') return reply(405, { ok: false, error: `${request.method} is not allowed: webhooks are POSTed` }, { Allow: 'POST' });
  if (!request.readBody) return reply(500, { ok: false, error: 'this server cannot read request bodies' });
  let raw: Uint8Array;
  try {
    raw = await request.readBody(deps.maxBodyBytes);
  } catch (error) {
    if (error instanceof BodyTooLargeError) return reply(413, { ok: false, error: error.message }, { Connection: 'close' });
    throw error;
  }
  const body = Buffer.from(raw).toString('utf8');
  const auth = await spec.authenticate(request, body);
  if (!auth.ok) return reply(auth.status, { ok: false, error: auth.error });
  let json: unknown = null;
  if (!spec.rawJson) {
    try {
      json = JSON.parse(body);
    } catch (error) {
      return reply(400, { ok: false, error: `malformed JSON: ${error instanceof Error ? error.message : String(error)}` });
    }
  }
  const parsed = spec.deliveries(request, body, json);
  if (!parsed.ok) return reply(parsed.status, { ok: false, error: parsed.error });
  const result = await deps.serial(() => store(deps, parsed.value, body));
  return reply(200, { ok: true, data: result });
}

interface Stored {
  stored: number;
  duplicates: number;
  rows: number;
  skipped: string[];
}

async function store(deps: HookDeps, deliveries: Delivery[], body: string): Promise<Stored> {
  const writer = new StoreWriter(deps.store.connection);
  return writer.transaction(async () => {
    const result: Stored = { stored: 0, duplicates: 0, rows: 0, skipped: [] };
    const batch = emptyBatch();
    const receivedAt = deps.now();
    for (const source of new Set(deliveries.map((d) => d.source))) {
      const mine = deliveries.filter((d) => d.source === source);
      const known = await storedDeliveries(
        deps.store.connection,
        source,
        mine.map((d) => d.deliveryId),
      );
      for (const d of mine) {
        if (known.has(d.deliveryId)) {
          result.duplicates++;
          continue;
        }
        const text = d.text ?? body;
        batch.raw.push({ source, delivery_id: d.deliveryId, event_type: d.eventType, received_at: receivedAt, body_sha256: sha256(text), body: text });
        result.stored++;
        try {
          const normalized = d.normalize();
          mergeInto(batch, { ...normalized.batch, raw: [] });
          if (normalized.skipped !== null) result.skipped.push(normalized.skipped);
        } catch (error) {
          result.skipped.push(`stored raw only: ${describe(error)}`);
        }
      }
    }
    const written = await writeBatch(writer, deps.store.connection, batch);
    result.rows = written.rows;
    await deriveDelivery(writer, deps.store.connection, { services: written.services, incidents: written.incidents }, deps.settings.linkWindowMs);
    return result;
  });
}

/** A normalization failure in one line: the fields zod rejected, or the error's first line. */
function describe(error: unknown): string {
  if (error instanceof ZodError) return error.issues.map((i) => `${i.path.join('.') || '(payload)'}: ${i.message}`).join('; ');
  return error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
}
