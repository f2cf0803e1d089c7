import { describe, expect, it } from 'vitest';
import { decodeQueryData, labelSetKey, mergeMatrices, parseSampleValue, ResponseShapeError } from './api-result.ts';

function shapeError(data: unknown): ResponseShapeError {
  try {
    decodeQueryData(data);
  } catch (error) {
    if (error instanceof ResponseShapeError) return error;
    throw error;
  }
  throw new Error('expected a ResponseShapeError');
}

describe('sample values', () => {
  it.each([
    ['1', 1],
    ['-0.25', -0.25],
    ['1e+06', 1e6],
    ['+Inf', Infinity],
    ['-Inf', -Infinity],
    ['9223372036854775794', 2 ** 63],
  ])('reads %s', (text, value) => expect(parseSampleValue(text)).toBe(value));

  it('reads NaN', () => expect(parseSampleValue('NaN')).toBeNaN());

  it.each(['', ' 1', '1 ', '0x1', '1_000', 'abc', '-NaN'])('rejects %j, which Number() would read or mangle', (text) => {
    expect(parseSampleValue(text)).toBeUndefined();
  });
});

describe('decodeQueryData', () => {
  it('decodes a matrix with string values and float-second timestamps into milliseconds', () => {
    const data = decodeQueryData({
      resultType: 'matrix',
      result: [{ metric: { __name__: 'up', job: 'dcgm' }, values: [[1_700_000_000.123, '1'], [1_700_000_015, 'NaN'], [1_700_000_030, '+Inf']] }],
    });
    expect(data.resultType).toBe('matrix');
    if (data.resultType !== 'matrix') return;
    const series = data.series[0];
    expect(series?.labels).toEqual({ __name__: 'up', job: 'dcgm' });
    expect(series?.points.map((p) => p.timestampMs)).toEqual([1_700_000_000_123, 1_700_000_015_000, 1_700_000_030_000]);
    expect(series?.points[1]?.value).toBeNaN();
    expect(series?.points[2]?.value).toBe(Infinity);
  });

  it('decodes vectors, scalars and strings', () => {
    expect(decodeQueryData({ resultType: 'vector', result: [{ metric: {}, value: [10.5, '-Inf'] }] })).toEqual({
      resultType: 'vector',
      samples: [{ labels: {}, timestampMs: 10_500, value: -Infinity }],
    });
    expect(decodeQueryData({ resultType: 'scalar', result: [1, '2'] })).toEqual({ resultType: 'scalar', point: { timestampMs: 1000, value: 2 } });
    expect(decodeQueryData({ resultType: 'string', result: [1, 'text'] })).toEqual({ resultType: 'string', timestampMs: 1000, value: 'text' });
  });

  it('locates values that are not sample strings', () => {
    const error = shapeError({ resultType: 'matrix', result: [{ metric: {}, values: [[1, '1'], [2, 3]] }] });
    expect(error.path).toBe('data.result[0].values[1][1]');
    expect(shapeError({ resultType: 'vector', result: [{ metric: {}, value: [1, '0x1'] }] }).path).toBe('data.result[0].value[1]');
    expect(shapeError({ resultType: 'vector', result: [{ metric: { a: 1 }, value: [1, '1'] }] }).path).toBe('data.result[0].metric.a');
    expect(shapeError({ resultType: 'table', result: [] }).path).toBe('data.resultType');
  });

  it('rejects native histogram samples with a hint instead of dropping them', () => {
    const error = shapeError({ resultType: 'matrix', result: [{ metric: {}, histograms: [[1, { count: '1', sum: '1' }]] }] });
    expect(error.message).toMatch(/native histogram/);
  });
});

describe('mergeMatrices', () => {
  it('joins series by label set whatever the label order, and skips a boundary point seen twice', () => {
    const merged = mergeMatrices([
      [
        { labels: { a: '1', b: '2' }, points: [{ timestampMs: 1, value: 1 }, { timestampMs: 2, value: 2 }] },
        { labels: { a: 'x' }, points: [{ timestampMs: 1, value: 9 }] },
      ],
      [
        { labels: { b: '2', a: '1' }, points: [{ timestampMs: 2, value: 2 }, { timestampMs: 3, value: 3 }] },
        { labels: { a: 'y' }, points: [{ timestampMs: 3, value: 7 }] },
      ],
    ]);
    expect(merged).toEqual([
      { labels: { a: '1', b: '2' }, points: [1, 2, 3].map((t) => ({ timestampMs: t, value: t })) },
      { labels: { a: 'x' }, points: [{ timestampMs: 1, value: 9 }] },
      { labels: { a: 'y' }, points: [{ timestampMs: 3, value: 7 }] },
    ]);
  });

  it('keys label sets by sorted pairs', () => {
    expect(labelSetKey({ b: '1', a: '2' })).toBe(labelSetKey({ a: '2', b: '1' }));
    expect(labelSetKey({ a: 'b,c' })).not.toBe(labelSetKey({ a: 'b', c: '' }));
  });
});
