/** Alertmanager webhook payloads (the fixtures) into alert observations; fingerprints as Alertmanager computes them. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { labelsFingerprint } from './fingerprint.ts';
import { parseWebhookPayload } from './payload.ts';

const ALERTS = fileURLToPath(new URL('../../../../shared/fixtures/alerts/', import.meta.url));
const fixture = (name: string): unknown => JSON.parse(readFileSync(`${ALERTS}${name}`, 'utf8'));
const RECEIVED = Date.parse('2026-01-01T00:00:00Z');

describe('labelsFingerprint', () => {
  it('is FNV-1a 64 over the sorted labels, as Alertmanager prints it', () => {
    // The FNV-1a offset basis: the fingerprint of the empty label set.
    expect(labelsFingerprint({})).toBe('cbf29ce484222325');
    expect(labelsFingerprint({ b: '2', a: '1' })).toBe(labelsFingerprint({ a: '1', b: '2' }));
    expect(labelsFingerprint({ a: '1', b: '2' })).not.toBe(labelsFingerprint({ a: '12' }));
    expect(labelsFingerprint({ alertname: 'Stuck', service: 'checkout', severity: 'page' })).toMatch(/^[0-9a-f]{16}$/);
  });
});

describe('parseWebhookPayload', () => {
  it('reads version 4 with nanosecond offsets and Go zero times; computes fingerprints from the labels', () => {
    const parsed = parseWebhookPayload(fixture('alertmanager-webhook-v4.example.json'), RECEIVED);
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.truncated).toBe(0);
    // vmalert sent one fingerprint for four different alerts: Pulse's are per label set.
    expect(new Set(parsed.alerts.map((a) => a.fingerprint)).size).toBe(4);
    expect(parsed.alerts[0]).toMatchObject({
      startsAt: Date.parse('2021-03-30T12:17:50.814Z'),
      endsAt: null,
      alertname: 'CPUHigh',
      severity: 'warning',
      receiver: 'devops_team',
      groupKey: '{}:{alertname="CPUHigh"}',
    });
    expect(parsed.alerts[1]).toMatchObject({ endsAt: Date.parse('2021-03-30T13:17:50.814Z') });
  });

  it('counts an alert repeated within one notification once', () => {
    const parsed = parseWebhookPayload(fixture('alertmanager-webhook-v4.grafana-proxy-3alerts.json'), RECEIVED);
    expect(parsed.ok && parsed.alerts.length).toBe(1);
  });

  it('infers the status of alerts that carry none from endsAt and the receive time', () => {
    const legacy = fixture('alertmanager-webhook-v4.msteams-legacy.json') as { alerts: { endsAt: string }[] };
    const firing = parseWebhookPayload(legacy, RECEIVED);
    expect(firing.ok && firing.alerts[0]?.endsAt).toBeNull();
    const ended = { ...legacy, alerts: legacy.alerts.map((a) => ({ ...a, endsAt: '2018-03-07T07:00:00-05:00' })) };
    const resolved = parseWebhookPayload(ended, RECEIVED);
    expect(resolved.ok && resolved.alerts[0]?.endsAt).toBe(Date.parse('2018-03-07T12:00:00Z'));
    const later = parseWebhookPayload(ended, Date.parse('2018-03-07T11:00:00Z'));
    expect(later.ok && later.alerts[0]?.endsAt).toBeNull();
  });

  it('refuses other versions and malformed payloads with the reason', () => {
    expect(parseWebhookPayload({ version: '3', alerts: [] }, RECEIVED)).toEqual({ ok: false, error: expect.stringMatching(/version "3"/) });
    expect(parseWebhookPayload({ version: '4', status: 'firing', receiver: 'r', alerts: [{ labels: {}, startsAt: 'yesterday' }] }, RECEIVED)).toEqual({
      ok: false,
      error: expect.stringMatching(/^alerts\.0\.startsAt: expected an RFC 3339 timestamp/),
    });
    expect(parseWebhookPayload([], RECEIVED)).toMatchObject({ ok: false });
  });
});
