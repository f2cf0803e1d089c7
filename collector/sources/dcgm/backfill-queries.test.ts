import { describe, expect, it } from 'vitest';
import { planQueries, promString, rangeLiteral, rawSelector } from './backfill-queries.ts';

describe('backfill queries', () => {
  it('cover exactly [M, M + 59.999 s] at t = M + 59.999 s on either kind of server', () => {
    expect(rangeLiteral(60_000, 'closed')).toBe('[59999ms]');
    expect(rangeLiteral(60_000, 'left_open')).toBe('[60000ms]');
  });

  it('aggregate each signal server-side and flag what aggregates cannot settle', () => {
    const plan = planQueries({ windows: 'closed', lookbackMs: 30_000, matchers: 'cluster="prod"' });
    const byId = new Map(plan.map((q) => [q.id, q.expr]));
    expect(byId.get('prof_gr_engine:max')).toBe('max_over_time(DCGM_FI_PROF_GR_ENGINE_ACTIVE{cluster="prod"}[59999ms])');
    expect(byId.get('prof_gr_engine:count')).toBe('count_over_time(DCGM_FI_PROF_GR_ENGINE_ACTIVE{cluster="prod"}[59999ms])');
    expect(byId.get('power_w:sum')).toBe('sum_over_time(DCGM_FI_DEV_POWER_USAGE{cluster="prod"}[59999ms])');
    expect(byId.get('energy_mj:last')).toBe('last_over_time(DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION{cluster="prod"}[59999ms])');
    expect(byId.get('dev_gpu_util:anomaly')).toBe(
      '(max_over_time(DCGM_FI_DEV_GPU_UTIL{cluster="prod"}[59999ms]) > 100) or (min_over_time(DCGM_FI_DEV_GPU_UTIL{cluster="prod"}[59999ms]) < 0) or ' +
        '(sum_over_time(DCGM_FI_DEV_GPU_UTIL{cluster="prod"}[59999ms]) != sum_over_time(DCGM_FI_DEV_GPU_UTIL{cluster="prod"}[59999ms]))',
    );
    expect(byId.get('energy_mj:anomaly')).toContain('(resets(DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION{cluster="prod"}[119999ms]) > 0)');
    expect(plan.some((q) => q.role === 'carry')).toBe(false);
  });

  it('read the gap rule’s reach when the scrape interval is over 30 s', () => {
    const plan = planQueries({ windows: 'left_open', lookbackMs: 120_000, matchers: '' });
    expect(plan.find((q) => q.id === 'fb_used_mib:carry')?.expr).toBe('last_over_time(DCGM_FI_DEV_FB_USED[120000ms])');
    expect(plan.find((q) => q.id === 'fb_used_mib:anomaly')?.expr).toContain('[120000ms]');
  });

  it('re-read one unit raw', () => {
    expect(promString('a"b\\c')).toBe('"a\\"b\\\\c"');
    expect(rawSelector('UUID="GPU-1",GPU_I_ID=""', 120_000, 'closed')).toMatch(/^\{__name__=~"DCGM_FI_PROF_GR_ENGINE_ACTIVE\|.*",UUID="GPU-1",GPU_I_ID=""\}\[119999ms\]$/);
  });
});
