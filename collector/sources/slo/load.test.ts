/**
 * SLO spec files: every Sloth and OpenSLO example of the fixtures loads; invalid specs are rejected with the
 * file, the line and the reason (the oslo validation inputs, and hand-made mistakes).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseSloSpecFile } from './load.ts';
import type { Period } from './types.ts';

const FIXTURES = fileURLToPath(new URL('../../../../shared/fixtures/slo/', import.meta.url));
const THIRTY_DAYS: Period = { kind: 'rolling', days: 30 };

function files(dir: string): string[] {
  return readdirSync(dir)
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? (name === '_gen' ? [] : files(path)) : [path];
    })
    .filter((f) => /\.ya?ml$/.test(f))
    .sort();
}

function load(path: string) {
  return parseSloSpecFile(relative(FIXTURES, path), readFileSync(path, 'utf8'), { slothPeriod: THIRTY_DAYS });
}

function parse(text: string) {
  return parseSloSpecFile('spec.yaml', text, { slothPeriod: THIRTY_DAYS });
}

describe('Sloth examples', () => {
  const sloth = files(join(FIXTURES, 'sloth'));

  it.each(sloth.map((f) => [relative(FIXTURES, f), f]))('%s loads', (_name, path) => {
    const spec = load(path);
    expect(spec.errors.map((e) => e.message)).toEqual([]);
    expect(spec.slos.length + spec.windows.length).toBeGreaterThan(0);
  });

  it('reads objectives in percent, the Sloth period, events, raw and plugin SLIs', () => {
    const [slo] = load(join(FIXTURES, 'sloth/examples/getting-started.yml')).slos;
    expect(slo).toMatchObject({
      id: 'myservice/requests-availability',
      period: THIRTY_DAYS,
      format: 'sloth',
      unsupported: null,
      line: 9,
      sli: { kind: 'events', errorQuery: 'sum(rate(http_request_duration_seconds_count{job="myservice",code=~"(5..|429)"}[{{.window}}]))' },
      labels: { owner: 'myteam', tier: '2' },
    });
    expect(slo?.objective).toBeCloseTo(0.999, 12);
    expect(load(join(FIXTURES, 'sloth/examples/raw-home-wifi.yml')).slos[0]?.sli.kind).toBe('raw');
    const plugin = load(join(FIXTURES, 'sloth/examples/plugin-getting-started.yml')).slos[0];
    expect(plugin?.sli.kind).toBe('opaque');
    expect(plugin?.unsupported).toMatch(/Sloth plugin "getting_started_availability"/);
    const crd = load(join(FIXTURES, 'sloth/examples/k8s-multifile.yml')).slos;
    expect(crd.map((s) => [s.id, Math.round(s.objective * 1e6) / 1e6])).toEqual([
      ['myservice/requests-availability', 0.999],
      ['myservice2/requests-availability', 0.9999],
    ]);
  });

  it('reads AlertWindows as budget shares and windows', () => {
    const [w] = load(join(FIXTURES, 'sloth/examples/windows/7d.yaml')).windows;
    expect(w).toMatchObject({ periodDays: 7, pageQuick: { share: 0.08, shortMs: 300_000, longMs: 3_600_000 }, ticketSlow: { share: 0.42, longMs: 259_200_000 } });
  });
});

describe('OpenSLO examples', () => {
  it('loads the v1 spec examples; the SLOs Pulse cannot evaluate say why', () => {
    const budgeting = load(join(FIXTURES, 'openslo/spec-examples/budgeting-method/ratio-timeslices.yaml'));
    expect(budgeting.errors).toEqual([]);
    expect(budgeting.slos[0]).toMatchObject({ id: 'web-shop/main-page', objective: 0.99, period: { kind: 'rolling', days: 14 }, format: 'openslo' });
    expect(budgeting.slos[0]?.unsupported).toMatch(/metricSource type "Any"/);
    const threshold = load(join(FIXTURES, 'openslo/spec-examples/budgeting-method/occurences-slo.yaml'));
    expect(threshold.slos[0]?.unsupported).toMatch(/thresholdMetric/);
    const calendar = load(join(FIXTURES, 'openslo/spec-examples/treat-low-traffic-as-equally-important/timeslices-slo.yaml'));
    expect(calendar.slos[0]?.period).toEqual({ kind: 'calendar', unit: 'week', timeZone: 'America/New_York' });
  });

  it('rejects the example whose duration "1m" is a minute, not a month (OpenSLO: M)', () => {
    const spec = load(join(FIXTURES, 'openslo/spec-examples/budgeting-method/timeslices-slo.yaml'));
    expect(spec.errors.map((e) => [e.line, e.reason])).toEqual([[27, expect.stringMatching(/"1m" is shorter than a day \(in OpenSLO "m" is minutes: a month is "1M"\)/)]]);
  });

  it('loads the v1alpha SLOs Sloth reads, one SLO per objective', () => {
    const spec = load(join(FIXTURES, 'sloth/examples/openslo-kubernetes-apiserver.yml'));
    expect(spec.slos.map((s) => s.id)).toEqual(['k8s-apiserver/requests-availability-openslo', 'k8s-apiserver/requests-latency-openslo-0', 'k8s-apiserver/requests-latency-openslo-1']);
    expect(spec.slos[1]).toMatchObject({ objective: 0.99, sli: { kind: 'good-total' }, unsupported: null });
  });

  it('rejects the oslo validation inputs with file, line and reason', () => {
    const cases: [string, number, RegExp][] = [
      ['invalid-apiversion.yaml', 1, /apiVersion "foo" is not supported/],
      ['unknown-field.yaml', 4, /metadata\.name: expected an RFC 1123 label/],
      ['unknown-field.yaml', 6, /spec: unknown key markdown/],
      ['v1.yaml', 59, /metadata\.name: expected an RFC 1123 label/],
      ['v1alpha.yaml', 4, /metadata\.name: expected an RFC 1123 label/],
      ['v2alpha.yaml', 1, /apiVersion "openslo\.com\/v2alpha" is not supported/],
    ];
    for (const [file, line, reason] of cases) {
      const spec = load(join(FIXTURES, 'openslo/oslo-validate/inputs', file));
      expect(spec.slos).toEqual([]);
      expect(spec.errors.some((e) => e.line === line && reason.test(e.reason) && e.file.endsWith(file)), `${file}:${line} ${String(reason)}`).toBe(true);
    }
  });
});

describe('invalid specs', () => {
  it('names the line of a bad objective, an unknown key and a missing SLI', () => {
    const spec = parse(`version: prometheus/v1
service: api
slos:
  - name: ok
    objective: 100
    sli:
      events:
        error_query: sum(rate(e[{{.window}}]))
        total_query: sum(rate(t[{{.window}}]))
  - name: typo
    objective: 99
    sli:
      events:
        eror_query: x
        total_query: y
  - name: none
    objective: 99
    sli: {}
`);
    expect(spec.errors.map((e) => e.message)).toEqual([
      'spec.yaml:5: slos.0.objective: expected an objective between 0 and 100 % (100 % leaves no error budget)',
      'spec.yaml:14: slos.1.sli.events.error_query: expected string (missing)',
      'spec.yaml:14: slos.1.sli.events: unknown key eror_query',
      'spec.yaml:18: slos.2.sli: expected exactly one of events, raw or plugin',
    ]);
  });

  it('rejects YAML errors, foreign documents, duplicates and calendar windows without a zone', () => {
    expect(parse('version: [').errors[0]?.message).toMatch(/^spec\.yaml:1: invalid YAML/);
    expect(parse('kind: Deployment\n').errors[0]?.message).toMatch(/^spec\.yaml:1: not an SLO spec/);
    const twice = parse(`version: prometheus/v1
service: api
slos:
  - { name: a, objective: 99, sli: { raw: { error_ratio_query: x } } }
  - { name: a, objective: 99, sli: { raw: { error_ratio_query: x } } }
`);
    expect(twice.errors.map((e) => e.message)).toEqual(['spec.yaml:5: SLO "a" is defined twice for service api']);
    const calendar = parse(`apiVersion: openslo/v1
kind: SLO
metadata: { name: x }
spec:
  service: api
  indicatorRef: missing
  timeWindow:
    - duration: 1Q
      isRolling: false
      calendar: { startTime: 2026-01-01 00:00:00, timeZone: Mars/Olympus }
  budgetingMethod: Occurrences
  objectives: [{ target: 0.99 }]
`);
    expect(calendar.errors.map((e) => e.message)).toEqual(['spec.yaml:8: time zone "Mars/Olympus" is not an IANA zone (e.g. Europe/Paris)']);
  });

  it('resolves an indicatorRef to an SLI of the same file, and reads calendar quarters', () => {
    const spec = parse(`apiVersion: openslo/v1
kind: SLI
metadata: { name: requests }
spec:
  ratioMetric:
    counter: true
    bad: { metricSource: { type: Prometheus, spec: { query: 'sum(increase(errors[5m]))' } } }
    total: { metricSource: { type: Prometheus, spec: { query: 'sum(increase(requests[5m]))' } } }
---
apiVersion: openslo/v1
kind: SLO
metadata: { name: availability }
spec:
  service: api
  indicatorRef: requests
  timeWindow:
    - duration: 1Q
      isRolling: false
      calendar: { startTime: 2026-01-01 00:00:00, timeZone: Europe/Paris }
  budgetingMethod: Occurrences
  objectives: [{ targetPercent: 99.5 }]
`);
    expect(spec.errors).toEqual([]);
    expect(spec.slos[0]).toMatchObject({
      id: 'api/availability',
      objective: 0.995,
      period: { kind: 'calendar', unit: 'quarter', timeZone: 'Europe/Paris' },
      sli: { kind: 'bad-total', badQuery: 'sum(increase(errors[5m]))', totalQuery: 'sum(increase(requests[5m]))' },
      unsupported: null,
    });
  });
});
