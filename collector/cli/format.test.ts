import { describe, expect, it } from 'vitest';
import { formatKpi, groupThousands } from './format.ts';
import type { KpiResult } from '../../queries/contract.ts';

const result: KpiResult = {
  kpi: 'gpu-util',
  params: { from: '2026-10-01T00:00:00.000Z', to: '2026-11-01T00:00:00.000Z', tz: 'UTC', group_by: 'team' },
  rows: [
    { team: 'search', gpus: 12, busy_gpu_hours: 1722.65, sm_active_avg: null },
    { team: 'a "quoted", team', gpus: 3, busy_gpu_hours: 0.5, sm_active_avg: 0.31 },
  ],
  notes: ['time no pod held a GPU is reported under team null'],
};

describe('formatKpi', () => {
  it('json is the output contract as it is', () => {
    expect(JSON.parse(formatKpi(result, 'json'))).toEqual(result);
  });

  it('csv quotes what needs quoting and leaves nulls empty', () => {
    expect(formatKpi(result, 'csv')).toBe('team,gpus,busy_gpu_hours,sm_active_avg\r\nsearch,12,1722.65,\r\n"a ""quoted"", team",3,0.5,0.31\r\n');
  });

  it('table aligns numbers right, shows nulls as a dash and the notes below', () => {
    const lines = formatKpi(result, 'table').split('\n');
    expect(lines[0]).toBe('team              gpus  busy_gpu_hours  sm_active_avg');
    expect(lines[2]).toBe('search              12         1722.65              —');
    expect(lines[3]).toBe('a "quoted", team     3             0.5           0.31');
    expect(lines[4]).toBe('note: time no pod held a GPU is reported under team null');
  });
});

describe('groupThousands', () => {
  it('writes counts as toLocaleString("en-US") does', () => {
    for (const n of [0, 7, 999, 1_000, 12_345, 230_046, 1_000_000, 67_829_300, 9_007_199_254_740_991]) {
      expect(groupThousands(n)).toBe(n.toLocaleString('en-US'));
    }
  });
});
