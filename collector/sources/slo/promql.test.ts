/**
 * The PromQL subset: what parses (every events query of the Sloth examples that is in the subset), and what is
 * refused, named (the others: subqueries, `or`, `-`, MetricsQL functions).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseSliQuery, renderWindow, unquote } from './promql.ts';
import { parseSloSpecFile } from './load.ts';

const EXAMPLES = fileURLToPath(new URL('../../../../shared/fixtures/slo/sloth/examples/', import.meta.url));

function queries(file: string): string[] {
  const spec = parseSloSpecFile(file, readFileSync(`${EXAMPLES}${file}`, 'utf8'), { slothPeriod: { kind: 'rolling', days: 30 } });
  return spec.slos.flatMap((s) => {
    switch (s.sli.kind) {
      case 'events':
        return [s.sli.errorQuery, s.sli.totalQuery];
      case 'good-total':
        return [s.sli.goodQuery, s.sli.totalQuery];
      case 'bad-total':
        return [s.sli.badQuery, s.sli.totalQuery];
      case 'raw':
        return [s.sli.errorRatioQuery];
      case 'opaque':
        return [];
    }
  });
}

describe('parseSliQuery', () => {
  it('parses the Sloth getting-started queries into selectors with matchers', () => {
    const [error] = queries('getting-started.yml');
    expect(parseSliQuery(error ?? '')).toEqual({
      ok: true,
      expr: {
        kind: 'vector',
        expr: {
          text: 'sum(rate(http_request_duration_seconds_count{job="myservice",code=~"(5..|429)"}[5m]))',
          op: 'sum',
          grouping: null,
          call: {
            fn: 'rate',
            metric: 'http_request_duration_seconds_count',
            matchers: [
              { label: 'job', op: '=', value: 'myservice' },
              { label: 'code', op: '=~', value: '(5..|429)' },
            ],
          },
        },
      },
    });
  });

  it.each(['getting-started.yml', 'k8s-getting-started.yml', 'multifile.yml', 'no-alerts.yml', 'openslo-getting-started.yml', 'openslo-kubernetes-apiserver.yml', 'contrib-slo-plugins.yml'])(
    'every query of %s is in the subset',
    (file) => {
      for (const q of queries(file)) expect(parseSliQuery(q)).toMatchObject({ ok: true });
    },
  );

  it('refuses the rest naming the construct', () => {
    const [wifi] = queries('home-wifi.yml');
    expect(parseSliQuery(wifi ?? '')).toMatchObject({ ok: false, error: expect.stringMatching(/^unsupported PromQL: binary operator "OR"/) });
    const latency = queries('kubernetes-apiserver.yml')[2] ?? '';
    expect(parseSliQuery(latency)).toMatchObject({ ok: false, error: expect.stringMatching(/binary operator "-"/) });
    const [vm] = queries('victoria-metrics.yml');
    expect(parseSliQuery(vm ?? '')).toMatchObject({ ok: false, error: expect.stringMatching(/^PromQL unknown function histogram_share\(\)/) });
    const refused: [string, RegExp][] = [
      ['sum(rate(x[1h]))', /the range \[1h\]/],
      ['sum(rate(x[5m] offset 1m))', /the offset modifier/],
      ['sum(rate(x[5m] @ 100))', /the @ modifier/],
      ['topk(3, rate(x[5m]))', /aggregation "topk"/],
      ['sum(x)', /a bare vector selector/],
      ['sum(irate(x[5m]))', /function irate\(\)/],
      ['sum(rate(x[5m])) / on(a) sum(rate(y[5m]))', /the "on\(a\)" modifier/],
      ['sum_over_time(x[5m:1m])', /function sum_over_time\(\)/],
      ['sum(rate(x[5m:1m]))', /a subquery/],
      ['1', /a number literal/],
      ['sum(rate(x[5m]', /syntax error at column/],
    ];
    for (const [query, error] of refused) expect(parseSliQuery(query), query).toMatchObject({ ok: false, error: expect.stringMatching(error) });
  });

  it('reads grouping, ratios, quoted names and escapes', () => {
    const parsed = parseSliQuery('sum without (instance) (increase({"http.requests", code!~`5..`}[{{ .window }}])) / count by ("a.b") (rate(t{x="\\"q\\"\\n"}[5m]))');
    expect(parsed).toMatchObject({
      ok: true,
      expr: {
        kind: 'ratio',
        numerator: { op: 'sum', grouping: { mode: 'without', labels: ['instance'] }, call: { fn: 'increase', metric: 'http.requests', matchers: [{ label: 'code', op: '!~', value: '5..' }] } },
        denominator: { op: 'count', grouping: { mode: 'by', labels: ['a.b'] }, call: { fn: 'rate', metric: 't', matchers: [{ label: 'x', op: '=', value: '"q"\n' }] } },
      },
    });
    expect(unquote("'\\x41\\u00e9\\101'")).toBe('AéA');
    expect(renderWindow('x[{{.window}}] y[{{ .window }}]', '5m')).toBe('x[5m] y[5m]');
  });
});
