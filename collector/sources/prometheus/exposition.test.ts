import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { generateDcgmScrape } from '../../../test/bench/dcgm-scrape.ts';
import { parseInteger, parseReal, parseValue } from './exposition-number.ts';
import type { ExpositionOptions, ExpositionSample, Labels } from './exposition.ts';
import { detectExpositionFormat, ExpositionError, ExpositionParser, parseExpositionText } from './exposition.ts';

const FIXTURES = fileURLToPath(new URL('../../../../shared/fixtures/', import.meta.url));
const OPENMETRICS_SUITE = join(FIXTURES, 'prometheus/openmetrics-parsers');
const EXPFMT_CORPUS = join(FIXTURES, 'prometheus/prometheus-common-expfmt/fuzz-corpus');

function fixture(path: string): string {
  return readFileSync(join(FIXTURES, path), 'utf8');
}

function errorOf(action: () => unknown): ExpositionError {
  try {
    action();
  } catch (error) {
    if (error instanceof ExpositionError) return error;
    throw error;
  }
  throw new Error('expected an ExpositionError');
}

function find(samples: readonly ExpositionSample[], name: string, labels: Labels = {}): ExpositionSample {
  const found = samples.find((sample) => sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value));
  if (found === undefined) throw new Error(`no sample ${name} ${JSON.stringify(labels)}`);
  return found;
}

/** What a consumer sees of a sample, for comparing two parses. */
function view(sample: ExpositionSample): unknown {
  return [sample.family.name, sample.family.type, sample.name, sample.labels, sample.seriesKey, sample.value, sample.timestampMs, sample.exemplar];
}

function parseInChunks(text: string, sizes: () => number, options: ExpositionOptions): unknown[] {
  const seen: unknown[] = [];
  const parser = new ExpositionParser((sample) => seen.push(view(sample)), options);
  for (let at = 0; at < text.length; ) {
    const size = sizes();
    parser.write(text.slice(at, at + size));
    at += size;
  }
  parser.end();
  return seen;
}

describe('number tokens', () => {
  it.each([
    ['1', 1],
    ['-1', -1],
    ['+1', 1],
    ['1.5', 1.5],
    ['.5', 0.5],
    ['5.', 5],
    ['1e3', 1000],
    ['1E-3', 0.001],
    ['2.5e+2', 250],
    ['0000000000000000000000000000000000000000001.2e-1', 0.12],
    ['9223372036854775808', 9223372036854775808],
    ['0.013300656000000001', 0.013300656000000001],
    ['1.7976931348623157e308', Number.MAX_VALUE],
    ['4.9e-324', Number.MIN_VALUE],
    ['1e400', Infinity],
    ['+Inf', Infinity],
    ['-Inf', -Infinity],
    ['Inf', Infinity],
    ['-infinity', -Infinity],
  ])('reads the value %s', (token, expected) => {
    expect(parseValue(token, 0, token.length)).toBe(expected);
  });

  it('maps NaN explicitly and keeps the sign of -0', () => {
    expect(parseValue('NaN', 0, 3)).toBeNaN();
    expect(parseValue('nan', 0, 3)).toBeNaN();
    expect(Object.is(parseValue('-0', 0, 2), -0)).toBe(true);
  });

  it.each(['0x1', '0X1', '1_2', '0b1', '0B1', '0o1', '1p3', '0x1p-3', ' 1', '1 ', '\t1', '', '+', '-', '.', 'e5', '1e', '1e+', '1.2.3', '++1', '+NaN', '-NaN', 'NaN1', 'Infinity1', '1,5', '１'])(
    'rejects %j, which Number() or parseFloat would accept or misread',
    (token) => {
      expect(parseValue(token, 0, token.length)).toBeUndefined();
    },
  );

  it('agrees with Number() on random decimals (fast path and fallback)', () => {
    let state = 7;
    const random = (): number => {
      state = (state * 1103515245 + 12345) % 2147483648;
      return state / 2147483648;
    };
    const digits = (count: number): string => Array.from({ length: count }, () => Math.floor(random() * 10)).join('');
    for (let k = 0; k < 5000; k++) {
      const token = `${random() < 0.3 ? '-' : ''}${digits(1 + Math.floor(random() * 12))}.${digits(Math.floor(random() * 12))}${random() < 0.3 ? `e${Math.floor(random() * 60) - 30}` : ''}`;
      expect(parseReal(token, 0, token.length)).toBe(Number(token));
    }
  });

  it('shifts OpenMetrics seconds to milliseconds without a rounding step', () => {
    const ms = (token: string): number | undefined => parseReal(token, 0, token.length, 3);
    expect(ms('1520879607.789')).toBe(1520879607789);
    expect(ms('1.5e3')).toBe(1_500_000);
    expect(ms('0.0000000001')).toBe(1e-7);
    expect(ms('12345678901234567890.1234567890')).toBe(Number('12345678901234567890.1234567890e3'));
    expect(ms('1.7268398142239082e+09')).toBe(1726839814223.9082);
  });

  it('reads integer millisecond timestamps and nothing else', () => {
    expect(parseInteger('1234567890', 0, 10)).toBe(1234567890);
    expect(parseInteger('-2', 0, 2)).toBe(-2);
    expect(parseInteger('+5', 0, 2)).toBe(5);
    expect(parseInteger('12345678901234567', 0, 17)).toBe(Number('12345678901234567'));
    for (const token of ['2.72', '1e3', '', '-', '0x10', 'NaN']) expect(parseInteger(token, 0, token.length)).toBeUndefined();
  });
});

describe('text format 0.0.4', () => {
  const text = [
    '# HELP http_requests_total The total number of HTTP requests.',
    '# TYPE http_requests_total counter',
    'http_requests_total{method="post",code="200"} 1027 1395066363000',
    'http_requests_total{method="post",code="400"}    3 1395066363000',
    '',
    '# Escaping in label values:',
    'msdos_file_access_time_seconds{path="C:\\\\DIR\\\\FILE.TXT",error="Cannot find file:\\n\\"FILE.TXT\\""} 1.458255915e9',
    'metric_without_timestamp_and_labels 12.47',
    'something_weird{problem="division by zero"} +Inf -3982045',
    '# HELP rpc_duration_seconds A summary of the RPC duration in seconds.',
    '# TYPE rpc_duration_seconds summary',
    'rpc_duration_seconds{quantile="0.5"} 4773',
    'rpc_duration_seconds_sum 1.7560473e+07',
    'rpc_duration_seconds_count 2693',
    '# TYPE http_request_duration_seconds histogram',
    'http_request_duration_seconds_bucket{le="0.05"} 24054',
    'http_request_duration_seconds_bucket{le="+Inf"} 144320',
    'http_request_duration_seconds_count 144320',
    '  spaced\t{ a = "1" ,\tb="2", }  NaN',
    '',
  ].join('\n');
  const result = parseExpositionText(text, { format: 'prometheus' });

  it('reads families, types and HELP', () => {
    expect(result.format).toBe('prometheus');
    expect(result.families.map((family) => [family.name, family.type])).toEqual([
      ['http_requests_total', 'counter'],
      ['msdos_file_access_time_seconds', 'unknown'],
      ['metric_without_timestamp_and_labels', 'unknown'],
      ['something_weird', 'unknown'],
      ['rpc_duration_seconds', 'summary'],
      ['http_request_duration_seconds', 'histogram'],
      ['spaced', 'unknown'],
    ]);
    expect(result.families[0]?.help).toBe('The total number of HTTP requests.');
    expect(result.families[1]?.help).toBeNull();
    expect(result.sampleCount).toBe(12);
    expect(result.lineCount).toBe(19);
  });

  it('reads labels, values and integer millisecond timestamps', () => {
    const post400 = find(result.samples, 'http_requests_total', { code: '400' });
    expect(post400.labels).toEqual({ method: 'post', code: '400' });
    expect(post400.value).toBe(3);
    expect(post400.timestampMs).toBe(1395066363000);
    expect(find(result.samples, 'something_weird')).toMatchObject({ value: Infinity, timestampMs: -3982045 });
    expect(find(result.samples, 'metric_without_timestamp_and_labels')).toMatchObject({ labels: {}, value: 12.47, timestampMs: null, seriesKey: 'metric_without_timestamp_and_labels' });
  });

  it('unescapes \\\\, \\" and \\n in label values', () => {
    expect(find(result.samples, 'msdos_file_access_time_seconds').labels).toEqual({ path: 'C:\\DIR\\FILE.TXT', error: 'Cannot find file:\n"FILE.TXT"' });
  });

  it('puts _sum, _count and _bucket samples in their summary or histogram family', () => {
    expect(find(result.samples, 'rpc_duration_seconds_sum').family.name).toBe('rpc_duration_seconds');
    expect(find(result.samples, 'http_request_duration_seconds_bucket', { le: '+Inf' })).toMatchObject({ value: 144320, family: { type: 'histogram' } });
  });

  it('allows blanks around label tokens and a trailing comma, and normalises the series key', () => {
    const spaced = find(result.samples, 'spaced');
    expect(spaced.labels).toEqual({ a: '1', b: '2' });
    expect(spaced.value).toBeNaN();
    expect(spaced.seriesKey).toBe('spaced{a="1",b="2"}');
    expect(find(result.samples, 'http_requests_total', { code: '200' }).seriesKey).toBe('http_requests_total{method="post",code="200"}');
    expect(find(result.samples, 'msdos_file_access_time_seconds').seriesKey).toBe('msdos_file_access_time_seconds{path="C:\\\\DIR\\\\FILE.TXT",error="Cannot find file:\\n\\"FILE.TXT\\""}');
  });

  it('treats `# EOF` and other comments as plain comments', () => {
    expect(parseExpositionText('a 1\n# EOF\n', { format: 'prometheus' }).sampleCount).toBe(1);
  });

  it('accepts `__proto__` as a label name without touching the prototype', () => {
    const [sample] = parseExpositionText('m{__proto__="x"} 1\n', { format: 'prometheus' }).samples;
    expect(Object.getPrototypeOf(sample?.labels)).toBe(Object.prototype);
    expect(Object.entries(sample?.labels ?? {})).toEqual([['__proto__', 'x']]);
  });

  it.each([
    ['m 0x1\n', 1, 3, "expected a sample value (a float, +Inf, -Inf or NaN), found '0x1'"],
    ['m 1_2\n', 1, 3, "found '1_2'"],
    ['m 0b1\n', 1, 3, "found '0b1'"],
    ['m 1p3\n', 1, 3, "found '1p3'"],
    ['m 1 \n', 1, 4, 'unexpected blanks at the end of the line'],
    ['m 1 2.5\n', 1, 5, 'expected an integer timestamp in milliseconds'],
    ['m{a="\\t"} 1\n', 1, 6, "invalid escape sequence '\\t'"],
    ['m{a="1",a="2"} 1\n', 1, 9, "duplicate label name 'a'"],
    ['ok 1\nm{a="1" 1\n', 2, 9, "expected ',' or '}' after the value of label 'a', found '1'"],
    ['m 1\r\n', 1, 4, 'CRLF line endings are not allowed'],
    ['# TYPE m counter\nm 1\n# TYPE m gauge\n', 3, 1, "second TYPE line for 'm', or a TYPE line after its samples"],
    ['# HELP m one\n# HELP m \\x\n', 2, 10, "invalid escape sequence '\\x' in HELP text"],
  ])('rejects %j at line %i, column %i', (input, line, column, message) => {
    const error = errorOf(() => parseExpositionText(input, { format: 'prometheus' }));
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('ExpositionError');
    expect([error.line, error.column]).toEqual([line, column]);
    expect(error.reason).toContain(message);
    expect(error.message).toBe(`line ${line}, column ${column}: ${error.reason}`);
  });

  it('requires the final line feed unless strict is off', () => {
    const error = errorOf(() => parseExpositionText('a 1\nb 2', { format: 'prometheus' }));
    expect([error.line, error.column]).toEqual([2, 4]);
    expect(error.reason).toContain('no line feed');
    expect(parseExpositionText('a 1\nb 2', { format: 'prometheus', strict: false }).sampleCount).toBe(2);
    expect(parseExpositionText('a 1\n  ', { format: 'prometheus' }).sampleCount).toBe(1);
  });
});

describe('Go expfmt fuzz corpus (text 0.0.4)', () => {
  const files = readdirSync(EXPFMT_CORPUS).sort();

  it('has the 26 seeds', () => {
    expect(files).toHaveLength(26);
  });

  it.each(files.filter((file) => !file.includes('error')))('%s parses', (file) => {
    expect(() => parseExpositionText(readFileSync(join(EXPFMT_CORPUS, file), 'utf8'), { format: 'prometheus' })).not.toThrow();
  });

  it.each(files.filter((file) => file.includes('error')))('%s fails', (file) => {
    const text = readFileSync(join(EXPFMT_CORPUS, file), 'utf8');
    expect(errorOf(() => parseExpositionText(text, { format: 'prometheus' }))).toBeInstanceOf(ExpositionError);
    // All but error_0 (a missing final line feed) also fail for their own reason when lenient.
    if (file !== 'from_test_parse_error_0') expect(errorOf(() => parseExpositionText(text, { format: 'prometheus', strict: false }))).toBeInstanceOf(ExpositionError);
  });

  it('reads the whitespace-heavy seed like Go does', () => {
    const { samples } = parseExpositionText(readFileSync(join(EXPFMT_CORPUS, 'from_test_parse_2'), 'utf8'), { format: 'prometheus' });
    expect(find(samples, 'name', { labelname: 'val2' })).toMatchObject({ labels: { basename: 'base"v\\al\nue' }, value: 0.23, timestampMs: 1234567890 });
    expect(find(samples, 'name2', { labelname: 'val2' })).toMatchObject({ value: Infinity, timestampMs: 54321, family: { type: 'gauge', help: 'doc str"ing 2' } });
    expect(find(samples, 'name2', { labelname: 'val1' }).value).toBe(-Infinity);
    expect(samples[0]?.family.help).toBe('two-line\n doc  str\\ing');
  });
});

describe('OpenMetrics 1.0', () => {
  it('reads counters with _total and _created, UNIT, exemplars and float-second timestamps', () => {
    const text = [
      '# TYPE acme_http_router_request_seconds summary',
      '# UNIT acme_http_router_request_seconds seconds',
      '# HELP acme_http_router_request_seconds Latency though all of ACME\'s HTTP request router.',
      'acme_http_router_request_seconds_sum{path="/api/v1",method="GET"} 9036.32',
      'acme_http_router_request_seconds_count{path="/api/v1",method="GET"} 807283.0',
      'acme_http_router_request_seconds_created{path="/api/v1",method="GET"} 1605281325.0',
      '# TYPE go_goroutines gauge',
      'go_goroutines 69 1520879607.789',
      '# TYPE foo counter',
      'foo_total{a="b"} 17.0 1520879607.789 # {trace_id="KOO5S4vxi0o"} 0.67 1520879606.5',
      'foo_created{a="b"} 1520430000.123 1520879607.789',
      '# EOF',
    ].join('\n');
    const result = parseExpositionText(text);
    expect(result.format).toBe('openmetrics');
    expect(result.families).toEqual([
      { name: 'acme_http_router_request_seconds', type: 'summary', help: "Latency though all of ACME's HTTP request router.", unit: 'seconds' },
      { name: 'go_goroutines', type: 'gauge', help: null, unit: null },
      { name: 'foo', type: 'counter', help: null, unit: null },
    ]);
    expect(find(result.samples, 'go_goroutines')).toMatchObject({ value: 69, timestampMs: 1520879607789 });
    const total = find(result.samples, 'foo_total');
    expect(total).toMatchObject({ value: 17, timestampMs: 1520879607789, seriesKey: 'foo_total{a="b"}', family: { name: 'foo' } });
    expect(total.exemplar).toEqual({ labels: { trace_id: 'KOO5S4vxi0o' }, value: 0.67, timestampMs: 1520879606500 });
    expect(find(result.samples, 'foo_created').value).toBe(1520430000.123);
  });

  it('reads info, stateset and gauge histogram families', () => {
    const text = [
      '# TYPE build info',
      'build_info{version="1.2"} 1',
      '# TYPE feature stateset',
      'feature{feature="a"} 1',
      'feature{feature="b"} 0',
      '# TYPE queue gaugehistogram',
      'queue_bucket{le="1.0"} 2',
      'queue_bucket{le="+Inf"} 5',
      'queue_gcount 5',
      'queue_gsum 7.5',
      '# EOF',
      '',
    ].join('\n');
    const { families, samples } = parseExpositionText(text);
    expect(families.map((family) => family.type)).toEqual(['info', 'stateset', 'gaugehistogram']);
    expect(samples.map((sample) => [sample.name, sample.value])).toEqual([
      ['build_info', 1],
      ['feature', 1],
      ['feature', 0],
      ['queue_bucket', 2],
      ['queue_bucket', 5],
      ['queue_gcount', 5],
      ['queue_gsum', 7.5],
    ]);
  });

  it('keeps a NUL byte in HELP text and accepts `# EOF` without a final line feed', () => {
    const { families } = parseExpositionText(fixture('prometheus/openmetrics-parsers/null_byte/metrics'));
    expect(families[0]?.help).toBe('he\u0000lp');
    expect(parseExpositionText('a 1\n# EOF', { format: 'openmetrics' }).sampleCount).toBe(1);
  });

  it.each([
    ['a 1\n', 2, 1, "missing '# EOF'"],
    ['a 1\n# EOF\n\n', 3, 1, "unexpected content after '# EOF'"],
    ['a  1\n# EOF\n', 1, 3, 'expected a sample value after a single space'],
    ['# TYPE a counter\na_total -1\n# EOF\n', 2, 9, 'cannot be negative'],
    ['# TYPE a gauge\na{b="1"} 1\na{b="2"} 1\na{b="1"} 2\n# EOF\n', 4, 1, 'must be contiguous'],
    ['a 1\na 2\n# EOF\n', 2, 1, 'repeated without timestamps'],
  ])('rejects %j at line %i, column %i', (input, line, column, message) => {
    const error = errorOf(() => parseExpositionText(input, { format: 'openmetrics' }));
    expect([error.line, error.column]).toEqual([line, column]);
    expect(error.reason).toContain(message);
  });
});

describe('OpenMetrics conformance suite', () => {
  const cases = readdirSync(OPENMETRICS_SUITE).sort();
  const expectation = (name: string): boolean => {
    const spec: unknown = JSON.parse(readFileSync(join(OPENMETRICS_SUITE, name, 'test.json'), 'utf8'));
    if (typeof spec !== 'object' || spec === null || !('shouldParse' in spec) || typeof spec.shouldParse !== 'boolean') throw new Error(`${name}: no shouldParse`);
    return spec.shouldParse;
  };

  it('has all 211 cases, 44 of them valid', () => {
    expect(cases).toHaveLength(211);
    expect(cases.filter(expectation)).toHaveLength(44);
  });

  it.each(cases)('%s', (name) => {
    const text = readFileSync(join(OPENMETRICS_SUITE, name, 'metrics'), 'utf8');
    const parse = (): unknown => parseExpositionText(text, { format: 'openmetrics' });
    if (expectation(name)) expect(parse).not.toThrow();
    else expect(errorOf(parse)).toBeInstanceOf(ExpositionError);
  });
});

describe('real scrapes', () => {
  it('dcgm-exporter on an L4 (GPU Operator, kops)', () => {
    const result = parseExpositionText(fixture('gpu/dcgm/k8s-ai-conformance/dcgm-l4-k8s.prom.txt'));
    expect(result.format).toBe('prometheus');
    expect(result.families).toHaveLength(23);
    expect(result.sampleCount).toBe(23);
    const power = find(result.samples, 'DCGM_FI_DEV_POWER_USAGE');
    expect(power.value).toBe(16.365);
    expect(power.family).toEqual({ name: 'DCGM_FI_DEV_POWER_USAGE', type: 'gauge', help: 'Power draw (in W).', unit: null });
    expect(power.labels).toEqual({
      gpu: '0',
      UUID: 'GPU-c2f76b33-7953-256e-8f33-1343419b1a1c',
      pci_bus_id: '00000000:31:00.0',
      device: 'nvidia0',
      modelName: 'NVIDIA L4',
      Hostname: 'i-030791dc5a37cd257',
      DCGM_FI_DRIVER_VERSION: '580.105.08',
    });
    expect(find(result.samples, 'DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION')).toMatchObject({ value: 4742776, family: { type: 'counter' } });
    expect(find(result.samples, 'DCGM_FI_DEV_GPU_UTIL').value).toBe(0);
    expect(find(result.samples, 'DCGM_FI_DEV_FB_FREE').value).toBe(22563);
    expect(find(result.samples, 'DCGM_FI_PROF_PCIE_RX_BYTES').value).toBe(17544);
  });

  it('DataDog dcgm-exporter scrapes without a final line feed', () => {
    const path = 'gpu/dcgm/datadog/dcgm-exporter-scrape.metrics.txt';
    expect(errorOf(() => parseExpositionText(fixture(path))).line).toBe(116);
    const result = parseExpositionText(fixture(path), { strict: false });
    expect(result.families).toHaveLength(38);
    expect(result.sampleCount).toBe(38);
    expect(find(result.samples, 'DCGM_FI_DEV_SLOWDOWN_TEMP')).toMatchObject({ value: 93, labels: { DCGM_FI_DEV_NAME: 'Tesla T4', DCGM_FI_DEV_SERIAL: '1565220008176' } });
    expect(find(result.samples, 'DCGM_FI_DEV_FAN_SPEED')).toMatchObject({ value: 0, labels: {}, family: { help: null, type: 'gauge' } });
    expect(find(result.samples, 'DCGM_FI_PROF_DRAM_ACTIVE')).toMatchObject({
      value: 0.000003,
      labels: { modelName: 'NVIDIA A10G', container: 'ray-worker', namespace: 'ray-llm', pod: 'ray-1111111' },
    });

    const served = parseExpositionText(fixture('gpu/dcgm/datadog/dcgm-exporter-scrape.serve.metrics'), { strict: false });
    expect(served.families).toHaveLength(23);
    expect(served.families.at(-1)?.name).toBe('DCGM_FI_DEV_CLOCK_THROTTLE_REASONS');
  });

  // [file, families, samples, power W, memory used bytes, GPU utilisation (absent on MIG)]
  it.each([
    ['linux-x86_64__nvidia-h100-80gb-hbm3__590.48.01__idle.metrics', 132, 132, 69.85, 0, 0],
    ['linux-x86_64__nvidia-h100-80gb-hbm3__590.48.01__load.metrics', 134, 138, 631.95, 2.0780679168e10, 1],
    ['linux-x86_64__nvidia-h100-mig__590.48.01__idle.metrics', 122, 122, 71.15, 6.1865984e7, undefined],
    ['linux-x86_64__nvidia-h100-mig__590.48.01__load.metrics', 124, 128, 433.78, 1.1665408e10, undefined],
    ['linux-x86_64__nvidia-h200-mig__590.48.01__idle.metrics', 123, 123, 78.28, 5.767168e7, undefined],
    ['linux-x86_64__nvidia-h200-mig__590.48.01__load.metrics', 125, 129, 295.01, 1.7782800384e10, undefined],
    ['linux-x86_64__nvidia-h200__590.48.01__idle.metrics', 133, 133, 77.71, 0, 0],
    ['linux-x86_64__nvidia-h200__590.48.01__load.metrics', 135, 139, 627.4, 3.3934016512e10, 1],
    ['linux-x86_64__nvidia-l40s__595.80__idle.metrics', 130, 130, 144.97, 0, 1],
    ['linux-x86_64__nvidia-l40s__595.80__load.metrics', 132, 134, 110.23, 1.29499136e9, 0.09],
  ])('nvidia_gpu_exporter %s', (file, families, samples, power, memoryUsed, utilisation) => {
    const result = parseExpositionText(fixture(`gpu/nvidia-gpu-exporter-metrics/${file}`));
    expect(result.families).toHaveLength(families);
    expect(result.sampleCount).toBe(samples);
    const uuid = { uuid: '00000000-0000-0000-0000-000000000000' };
    expect(find(result.samples, 'nvidia_smi_power_draw_watts', uuid).value).toBe(power);
    expect(find(result.samples, 'nvidia_smi_memory_used_bytes', uuid).value).toBe(memoryUsed);
    expect(result.samples.find((sample) => sample.name === 'nvidia_smi_utilization_gpu_ratio')?.value).toBe(utilisation);
    expect(find(result.samples, 'nvidia_smi_gpu_info').labels.driver_version).toMatch(/^59[05]\./);
  });

  it('Prometheus server scrapes (expfmt testdata and textparse benchmarks)', () => {
    const expfmt = parseExpositionText(fixture('prometheus/prometheus-common-expfmt/text.prom.txt'));
    expect([expfmt.families.length, expfmt.sampleCount]).toEqual([37, 248]);
    expect(find(expfmt.samples, 'http_request_duration_microseconds', { handler: 'prometheus', quantile: '0.99' })).toMatchObject({ value: 3087.384, family: { type: 'summary' } });

    // Both end with a `# EOF` comment, which `auto` would take for OpenMetrics: the format is given.
    const all = parseExpositionText(fixture('prometheus/prometheus-textparse/alltypes.237mfs.prom.txt'), { format: 'prometheus' });
    expect([all.families.length, all.sampleCount]).toEqual([237, 1857]);
    const counts = new Map<string, number>();
    for (const family of all.families) counts.set(family.type, (counts.get(family.type) ?? 0) + 1);
    expect(Object.fromEntries(counts)).toEqual({ counter: 112, gauge: 97, summary: 13, histogram: 15 });
    const bare = parseExpositionText(fixture('prometheus/prometheus-textparse/alltypes.237mfs.nometa.prom.txt'), { format: 'prometheus' });
    expect([bare.families.length, bare.sampleCount]).toEqual([291, 1857]);

    const promtool = parseExpositionText(fixture('prometheus/prometheus-textparse/promtool-metrics-test.prom'));
    expect(promtool.families.map((family) => family.type)).toEqual(['summary', 'histogram', 'counter', 'gauge']);
    expect(find(promtool.samples, 'prometheus_tsdb_compaction_chunk_size_bytes_bucket', { le: '+Inf' }).value).toBe(13867);
  });

  it('OpenMetrics scrapes from Prometheus textparse testdata', () => {
    const histogram = parseExpositionText(fixture('prometheus/prometheus-textparse/1histogram.om.txt'));
    expect(histogram.format).toBe('openmetrics');
    expect(histogram.families).toEqual([{ name: 'golang_manual_histogram_seconds', type: 'histogram', help: 'This is a histogram with manually selected parameters', unit: null }]);
    expect(histogram.sampleCount).toBe(42);
    expect(find(histogram.samples, 'golang_manual_histogram_seconds_count', { port: '5003' }).value).toBe(1);

    // A histogram with negative buckets and a negative _sum: OpenMetrics 1.0 forbids both
    // (suite cases bad_counter_values_8/9), client_golang writes them anyway.
    const path = 'prometheus/prometheus-textparse/alltypes.5mfs.om.txt';
    expect(errorOf(() => parseExpositionText(fixture(path))).reason).toContain("'rpc_durations_histogram_seconds_sum' is counter-like and cannot be negative");
    const lenient = parseExpositionText(fixture(path), { strict: false });
    expect(lenient.families.map((family) => family.type)).toEqual(['gauge', 'counter', 'histogram', 'summary', 'counter']);
    const bucket = find(lenient.samples, 'rpc_durations_histogram_seconds_bucket', { le: '-0.0002899999999999998' });
    expect(bucket.value).toBe(3);
    expect(bucket.exemplar).toEqual({ labels: { dummyID: '17783' }, value: -0.0003825067330956884, timestampMs: 1726839814223.9082 });
    expect(find(lenient.samples, 'promhttp_metric_handler_errors_created', { cause: 'encoding' }).value).toBe(1.726839813016397e9);
  });
});

describe('streaming', () => {
  it('gives the same samples whatever the chunk boundaries', () => {
    const l4 = fixture('gpu/dcgm/k8s-ai-conformance/dcgm-l4-k8s.prom.txt');
    const whole = parseInChunks(l4, () => l4.length, { format: 'prometheus' });
    expect(whole).toHaveLength(23);
    expect(parseInChunks(l4, () => 1, { format: 'prometheus' })).toEqual(whole);

    const all = fixture('prometheus/prometheus-textparse/alltypes.237mfs.prom.txt');
    let state = 42;
    const randomSize = (): number => {
      state = (state * 69069 + 1) % 4294967296;
      return 1 + (state % 700);
    };
    expect(parseInChunks(all, randomSize, { format: 'prometheus' })).toEqual(parseInChunks(all, () => all.length, { format: 'prometheus' }));

    const om = fixture('prometheus/prometheus-textparse/1histogram.om.txt');
    const omWhole = parseInChunks(om, () => om.length, { format: 'openmetrics' });
    for (let split = 0; split <= om.length; split += 7) {
      const sizes = [split, om.length];
      expect(parseInChunks(om, () => sizes.shift() ?? om.length, { format: 'openmetrics' })).toEqual(omWhole);
    }
  });

  it('reports an error in a later chunk with its line and column, then stays failed', () => {
    const parser = new ExpositionParser(() => undefined, { format: 'prometheus' });
    parser.write('a 1\nb ');
    const error = errorOf(() => parser.write('0x1\nc 3\n'));
    expect([error.line, error.column]).toEqual([2, 3]);
    expect(errorOf(() => parser.write('d 4\n'))).toBe(error);
    expect(errorOf(() => parser.end())).toBe(error);
  });

  it('stops for good when the sample handler throws', () => {
    const failure = new Error('store full');
    const parser = new ExpositionParser(() => {
      throw failure;
    }, { format: 'prometheus' });
    expect(() => parser.write('a 1\nb 2\n')).toThrow(failure);
    expect(() => parser.write('c 3\n')).toThrow(failure);
  });

  it('refuses writes after end', () => {
    const parser = new ExpositionParser(() => undefined, { format: 'prometheus' });
    parser.end();
    expect(() => parser.write('a 1\n')).toThrow('end() was already called');
  });
});

describe('format detection', () => {
  it('follows the content type, else the `# EOF` ending', () => {
    expect(detectExpositionFormat({ contentType: 'application/openmetrics-text; version=1.0.0; charset=utf-8' })).toBe('openmetrics');
    expect(detectExpositionFormat({ contentType: 'text/plain; version=0.0.4', tail: '# EOF\n' })).toBe('prometheus');
    expect(detectExpositionFormat({ contentType: 'application/octet-stream', tail: 'x 1\n# EOF\n' })).toBe('openmetrics');
    expect(detectExpositionFormat({ tail: 'x 1\n# EOF' })).toBe('openmetrics');
    expect(detectExpositionFormat({ tail: 'x 1\n## EOF\n' })).toBe('prometheus');
    expect(detectExpositionFormat({ tail: 'x 1\n' })).toBe('prometheus');
    expect(detectExpositionFormat({})).toBeUndefined();
  });

  it('needs a hint to stream with `auto`', () => {
    expect(() => new ExpositionParser(() => undefined)).toThrow(TypeError);
    expect(new ExpositionParser(() => undefined, { contentType: 'application/openmetrics-text' }).format).toBe('openmetrics');
  });
});

describe('time-series files (promtool tsdb create-blocks-from openmetrics)', () => {
  const backfill = [
    '# HELP gpu_utilization_ratio GPU busy time.',
    '# TYPE gpu_utilization_ratio gauge',
    '# UNIT gpu_utilization_ratio ratio',
    'gpu_utilization_ratio{gpu="0"} 0.25 1700000000',
    'gpu_utilization_ratio{gpu="1"} 0.5 1700000000',
    'gpu_utilization_ratio{gpu="0"} 0.75 1700000015',
    'gpu_utilization_ratio{gpu="1"} 1 1700000015',
    '# TYPE gpu_energy_joules counter',
    'gpu_energy_joules_total{gpu="0"} 100 1700000000.5',
    '# TYPE gpu_utilization_ratio gauge',
    'gpu_utilization_ratio{gpu="0"} 0.5 1700000030',
    'gpu_energy_joules_total{gpu="0"} 250 1700000015.5',
    '# TYPE latency_seconds histogram',
    'latency_seconds_bucket{le="1"} 1 1700000000',
    'latency_seconds_bucket{le="1"} 2 1700000015',
    'latency_seconds_bucket{le="+Inf"} 3 1700000000',
    'latency_seconds_bucket{le="+Inf"} 5 1700000015',
    '# EOF',
    '',
  ].join('\n');

  it('is refused by the scrape rules, which forbid repeating a series', () => {
    expect(errorOf(() => parseExpositionText(backfill)).line).toBe(6);
  });

  it('reads repeated, interleaved series with increasing timestamps', () => {
    const result = parseExpositionText(backfill, { timeSeries: true });
    expect(result.families.map((family) => family.name)).toEqual(['gpu_utilization_ratio', 'gpu_energy_joules', 'latency_seconds']);
    const series = (key: string): Array<[number | null, number]> => result.samples.filter((sample) => sample.seriesKey === key).map((sample) => [sample.timestampMs, sample.value]);
    expect(series('gpu_utilization_ratio{gpu="0"}')).toEqual([
      [1700000000000, 0.25],
      [1700000015000, 0.75],
      [1700000030000, 0.5],
    ]);
    expect(series('gpu_energy_joules_total{gpu="0"}')).toEqual([
      [1700000000500, 100],
      [1700000015500, 250],
    ]);
    expect(series('latency_seconds_bucket{le="+Inf"}')).toEqual([
      [1700000000000, 3],
      [1700000015000, 5],
    ]);
    expect(find(result.samples, 'gpu_energy_joules_total').family).toMatchObject({ name: 'gpu_energy_joules', type: 'counter' });
  });

  it.each([
    ['a 1 10\na 2 10\n# EOF\n', 2, 'must increase'],
    ['a 1 10\na 2 5\n# EOF\n', 2, 'must increase'],
    ['a 1 10\na 2\n# EOF\n', 2, 'needs a timestamp'],
    ['# TYPE a gauge\na 1 10\n# TYPE b gauge\nb 1 10\n# TYPE a counter\n# EOF\n', 5, "'# TYPE a' comes after the samples"],
    ['# TYPE a counter\na_total -1 10\n# EOF\n', 2, 'cannot be negative'],
  ])('still rejects %j', (input, line, message) => {
    const error = errorOf(() => parseExpositionText(input, { format: 'openmetrics', timeSeries: true }));
    expect(error.line).toBe(line);
    expect(error.reason).toContain(message);
  });
});

describe('generated dcgm-exporter scrape', () => {
  it('has 23 families of one sample per GPU with the dcgm-exporter label set', () => {
    const text = generateDcgmScrape({ gpus: 16, seed: 3 });
    expect(generateDcgmScrape({ gpus: 16, seed: 3 })).toBe(text);
    const result = parseExpositionText(text);
    expect(result.families).toHaveLength(23);
    expect(result.sampleCount).toBe(23 * 16);
    expect(Object.keys(result.samples[0]?.labels ?? {})).toEqual(['gpu', 'UUID', 'pci_bus_id', 'device', 'modelName', 'Hostname', 'DCGM_FI_DRIVER_VERSION', 'container', 'namespace', 'pod']);
    expect(new Set(result.samples.map((sample) => sample.labels.UUID)).size).toBe(16);
  });

  it('comes out at about 64 MB for 10,000 GPUs and streams through the parser', () => {
    const text = generateDcgmScrape({ gpus: 10_000 });
    const megabytes = Buffer.byteLength(text) / 2 ** 20;
    expect(megabytes).toBeGreaterThan(60);
    expect(megabytes).toBeLessThan(70);
    let samples = 0;
    const parser = new ExpositionParser(() => samples++, { format: 'prometheus' });
    for (let at = 0; at < text.length; at += 1 << 16) parser.write(text.slice(at, at + (1 << 16)));
    expect(parser.end().families).toHaveLength(23);
    expect(samples).toBe(230_000);
  });
});

describe('skipped metrics', () => {
  const skipClocks = (name: string): boolean => name.endsWith('_CLOCK') || name === 'h_bucket';

  function parseSkipping(text: string, options: ExpositionOptions): { kept: unknown[]; skipped: [string, number | null][] } {
    const kept: unknown[] = [];
    const skipped: [string, number | null][] = [];
    const parser = new ExpositionParser((sample) => kept.push(view(sample)), { ...options, skip: skipClocks, onSkipped: (name, ts) => skipped.push([name, ts]) });
    parser.write(text);
    parser.end();
    return { kept, skipped };
  }

  it('text 0.0.4: the others come out as without skipping, the skipped ones by name and timestamp', () => {
    const text = generateDcgmScrape({ gpus: 24, seed: 5 });
    const all = parseExpositionText(text, { format: 'prometheus' }).samples;
    const { kept, skipped } = parseSkipping(text, { format: 'prometheus' });
    expect(kept).toEqual(all.filter((s) => !skipClocks(s.name)).map(view));
    expect(skipped).toEqual(all.filter((s) => skipClocks(s.name)).map((s) => [s.name, s.timestampMs]));
    expect(skipped.length).toBe(2 * 24);
  });

  it('OpenMetrics: the same, and the family rules still see the skipped samples', () => {
    const text = [
      '# TYPE A_CLOCK gauge',
      'A_CLOCK{gpu="0"} 1 10.5',
      'A_CLOCK{gpu="1"} 2 10.5',
      '# TYPE jobs counter',
      'jobs_total{queue="a"} 3 10.5',
      '# TYPE h histogram',
      'h_bucket{le="1"} 1',
      'h_bucket{le="+Inf"} 2',
      'h_count 2',
      'h_sum 1.5',
      '# EOF',
      '',
    ].join('\n');
    const all = parseExpositionText(text, { format: 'openmetrics' }).samples;
    const { kept, skipped } = parseSkipping(text, { format: 'openmetrics' });
    expect(kept).toEqual(all.filter((s) => !skipClocks(s.name)).map(view));
    expect(skipped).toEqual([['A_CLOCK', 10500], ['A_CLOCK', 10500], ['h_bucket', null], ['h_bucket', null]]);
    const interleaved = text.replace('A_CLOCK{gpu="1"} 2 10.5', 'A_CLOCK{gpu="1"} 2 10.5\nA_CLOCK{gpu="0"} 2 10.5');
    const full = errorOf(() => parseExpositionText(interleaved, { format: 'openmetrics' }));
    expect([full.line, full.reason]).toEqual([4, 'samples of \'A_CLOCK\' with the same labels must be contiguous: A_CLOCK{gpu="0"} appears again after other label sets']);
    expect(errorOf(() => parseSkipping(interleaved, { format: 'openmetrics' }))).toMatchObject({ line: full.line, column: full.column, reason: full.reason });
  });

  it('still reports syntax errors in skipped lines, at the same line and column', () => {
    const text = '# TYPE A_CLOCK gauge\nA_CLOCK{gpu="0",UUID="GPU-1"} 1 17\nA_CLOCK{gpu="1",UUID="GPU-2} 2\n';
    const full = errorOf(() => parseExpositionText(text, { format: 'prometheus' }));
    const skipping = errorOf(() => parseSkipping(text, { format: 'prometheus' }));
    expect([skipping.line, skipping.column, skipping.reason]).toEqual([full.line, full.column, full.reason]);
    expect(skipping.line).toBe(3);
    expect(errorOf(() => parseSkipping('A_CLOCK{gpu="0",gpu="1"} 1\n', { format: 'prometheus' })).reason).toBe("duplicate label name 'gpu'");
    expect(errorOf(() => parseSkipping('A_CLOCK{gpu="\\q"} 1\n', { format: 'prometheus' })).reason).toMatch(/invalid escape sequence/);
  });

  it('still checks the le label of a skipped histogram bucket', () => {
    const text = '# TYPE h histogram\nh_bucket{le="0.5"} 1\nh_bucket{le="x"} 2\nh_bucket{le="+Inf"} 3\nh_count 3\nh_sum 1\n';
    const { kept, skipped } = parseSkipping(text.replace('{le="x"}', '{le="1"}'), { format: 'prometheus' });
    expect(skipped.map(([name]) => name)).toEqual(['h_bucket', 'h_bucket', 'h_bucket']);
    expect(kept).toHaveLength(2);
    expect(errorOf(() => parseSkipping(text, { format: 'prometheus' })).reason).toBe("expected a number as the 'le' label value, found 'x'");
  });
});

describe('onLine', () => {
  it('sees each line before its sample is built; a consumed line never reaches the sample handler', () => {
    const text = generateDcgmScrape({ gpus: 8, seed: 2 });
    const all = parseExpositionText(text, { format: 'prometheus' }).samples;
    const seen: unknown[] = [];
    const built: unknown[] = [];
    const parser = new ExpositionParser((sample) => built.push(view(sample)), {
      format: 'prometheus',
      onLine: (line) => {
        if (!line.name.endsWith('_CLOCK')) return false;
        seen.push([line.name, line.labels.get('UUID'), line.labels.get('no_such_label'), line.labels.record(), line.value, line.timestampMs]);
        return true;
      },
    });
    parser.write(text);
    expect(parser.end().sampleCount).toBe(all.length);
    expect(built).toEqual(all.filter((s) => !s.name.endsWith('_CLOCK')).map(view));
    expect(seen).toEqual(all.filter((s) => s.name.endsWith('_CLOCK')).map((s) => [s.name, s.labels.UUID, undefined, s.labels, s.value, s.timestampMs]));
    expect(seen).toHaveLength(16);
  });
});

describe('LabelView of a scanned line', () => {
  it('finds each label however the label names change from line to line', () => {
    const text = ['m{a="1",b="2"} 1', 'm{a="3",b="4"} 2', 'm{b="5",a="6"} 3', 'm{a="7"} 4', 'm{} 5', 'm 6', 'm{c="8",a="9",b="10"} 7', 'm{a="11",b="12"} 8', ''].join('\n');
    const seen: (string | undefined)[][] = [];
    const parser = new ExpositionParser(() => undefined, {
      format: 'prometheus',
      onLine: (line) => {
        seen.push([line.labels.get('a'), line.labels.get('b'), line.labels.get('c')]);
        return true;
      },
    });
    parser.write(text);
    parser.end();
    expect(seen).toEqual([
      ['1', '2', undefined],
      ['3', '4', undefined],
      ['6', '5', undefined],
      ['7', undefined, undefined],
      [undefined, undefined, undefined],
      [undefined, undefined, undefined],
      ['9', '10', '8'],
      ['11', '12', undefined],
    ]);
  });
});

describe('label names repeated from earlier lines', () => {
  it('still finds a duplicate name where the names the scanner remembers from earlier lines match', () => {
    for (const format of ['prometheus', 'openmetrics'] as const) {
      const text = `m{a="1",b="2"} 1\nm{b="3"} 2\nm{b="4",b="5"} 3\n${format === 'openmetrics' ? '# EOF\n' : ''}`;
      const error = errorOf(() => parseExpositionText(text, { format, strict: false }));
      expect([error.line, error.column, error.reason]).toEqual([3, 9, "duplicate label name 'b'"]);
    }
  });

  it('reads lines that repeat, extend, shorten, reorder, escape or space out the previous line\'s labels', () => {
    const lines = [
      'm{a="1",b="x"} 1',
      'm{a="2",b=""} 2', // the same names
      'm{a="3",b="y",c="z"} 3', // one more
      'm{a="4"} 4', // one fewer
      'm{b="5",a="w"} 5', // another order
      'm{b="q\\"u\\\\o",a="6"} 6', // escapes
      'm{b = "7", a="v"} 7', // blanks (text 0.0.4)
      'm{b="8",a="u",} 8', // a trailing comma (text 0.0.4)
      'm{b="9",a="t"} 9',
    ];
    const samples = parseExpositionText(`${lines.join('\n')}\n`, { format: 'prometheus' }).samples;
    expect(samples.map((x) => x.labels)).toEqual([
      { a: '1', b: 'x' },
      { a: '2', b: '' },
      { a: '3', b: 'y', c: 'z' },
      { a: '4' },
      { b: '5', a: 'w' },
      { b: 'q"u\\o', a: '6' },
      { b: '7', a: 'v' },
      { b: '8', a: 'u' },
      { b: '9', a: 't' },
    ]);
    expect(samples.map((x) => x.seriesKey).slice(-3)).toEqual(['m{b="7",a="v"}', 'm{b="8",a="u"}', 'm{b="9",a="t"}']);
    // An error on a line that starts like the previous one is still found, at its column.
    const error = errorOf(() => parseExpositionText('m{a="1",b="2"} 1\nm{a="1",b="2} 2\n', { format: 'prometheus' }));
    expect([error.line, error.column]).toEqual([2, 11]);
  });
});
