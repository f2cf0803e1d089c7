/**
 * Validates generic events, one JSON object per line. A bad line is reported with its number and the reason
 * (the field and what was expected); the other lines are kept. Pure.
 */
import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { EVENT_SCHEMAS, EVENT_TYPES, type DeliveryEvent, type EventType } from './schema.ts';

export interface ParsedEvent {
  line: number;
  event: DeliveryEvent;
  /** The line as given: the raw event. */
  text: string;
  /** Idempotency key: type, id and a digest of the line (an identical line is the same event). */
  deliveryId: string;
  sha256: string;
}

export interface LineError {
  line: number;
  reason: string;
}

export type LineResult = { ok: true; value: ParsedEvent } | { ok: false; error: LineError } | { ok: true; value: null };

/** One line (1-based number). Blank lines give `value: null`. */
export function parseEventLine(text: string, line: number): LineResult {
  const trimmed = (line === 1 ? text.replace(/^\uFEFF/, '') : text).trim();
  if (trimmed === '') return { ok: true, value: null };
  let data: unknown;
  try {
    data = JSON.parse(trimmed);
  } catch (error) {
    return fail(line, `malformed JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  return parseEventObject(data, trimmed, line);
}

/** An already parsed JSON value; `text` is its raw form. */
function parseEventObject(data: unknown, text: string, line: number): LineResult {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return fail(line, 'expected a JSON object');
  const type = (data as Record<string, unknown>)['type'];
  if (typeof type !== 'string' || !(EVENT_TYPES as string[]).includes(type)) {
    return fail(line, `type: expected one of ${EVENT_TYPES.join(', ')}, got ${JSON.stringify(type ?? null)}`);
  }
  const schema: z.ZodType<DeliveryEvent> = EVENT_SCHEMAS[type as EventType];
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const reasons = parsed.error.issues.map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(event)'}: ${issue.message}`);
    return fail(line, reasons.join('; '));
  }
  const sha256 = createHash('sha256').update(text).digest('hex');
  return { ok: true, value: { line, event: parsed.data, text, sha256, deliveryId: `${type}:${eventKey(parsed.data)}:${sha256.slice(0, 16)}` } };
}

/** The natural key of an event within its type. */
function eventKey(event: DeliveryEvent): string {
  switch (event.type) {
    case 'pipeline_run':
      return `${event.id}#${event.attempt}`;
    case 'alert_ack':
      return `${event.fingerprint}@${new Date(event.starts_at).toISOString()}@${new Date(event.at).toISOString()}`;
    default:
      return event.id;
  }
}

function fail(line: number, reason: string): LineResult {
  return { ok: false, error: { line, reason } };
}
