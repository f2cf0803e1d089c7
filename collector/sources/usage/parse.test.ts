import { describe, expect, it } from 'vitest';
import { parseUsageCsv } from './parse.ts';

describe('parseUsageCsv', () => {
  it('reads rows in any column order, timestamps with or without an offset', () => {
    const text = 'service,requests,window_start,window_end\nranker,1200,2026-11-01T00:00:00Z,2026-11-02T00:00:00Z\nranker,0,2026-11-02,2026-11-03\n';
    expect(parseUsageCsv(text)).toEqual({
      rows: [
        { line: 2, service: 'ranker', windowStart: Date.parse('2026-11-01T00:00:00Z'), windowEnd: Date.parse('2026-11-02T00:00:00Z'), requests: 1200 },
        { line: 3, service: 'ranker', windowStart: Date.parse('2026-11-02T00:00:00Z'), windowEnd: Date.parse('2026-11-03T00:00:00Z'), requests: 0 },
      ],
      errors: [],
    });
    expect(parseUsageCsv('window_start,window_end,service,requests\n2026-11-01,2026-11-02,a,1\n', 'Europe/Paris').rows[0]?.windowStart).toBe(Date.parse('2026-10-31T23:00:00Z'));
  });

  it('reports bad lines by number and keeps the good ones', () => {
    const text = [
      'window_start,window_end,service,requests',
      '2026-11-01,2026-11-02,ranker,10',
      'yesterday,2026-11-02,ranker,10',
      '2026-11-03,2026-11-02,ranker,1.5',
      '2026-11-05,2026-11-06,,7',
      '2026-11-01T12:00:00Z,2026-11-01T13:00:00Z,ranker,3',
    ].join('\n');
    const { rows, errors } = parseUsageCsv(text);
    expect(rows.map((r) => r.line)).toEqual([2]);
    expect(errors).toEqual([
      { line: 3, reason: 'window_start: "yesterday" is not an ISO date or timestamp' },
      { line: 4, reason: 'window_end is not after window_start; requests: "1.5" is not a whole number of requests' },
      { line: 5, reason: 'service is empty' },
      { line: 6, reason: 'the window of ranker overlaps the one on line 2' },
    ]);
  });

  it('names missing columns', () => {
    expect(parseUsageCsv('start,end,service,requests\n').errors).toEqual([{ line: 1, reason: 'missing columns window_start, window_end' }]);
    expect(parseUsageCsv('').errors[0]?.reason).toMatch(/empty/);
  });
});
