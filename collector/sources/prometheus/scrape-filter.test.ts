import { describe, expect, it } from 'vitest';
import { attachTargetLabels, compileMetricFilter } from './scrape-filter.ts';

describe('compileMetricFilter', () => {
  it('keeps everything without rules', () => {
    expect(compileMetricFilter({})('anything')).toBe(true);
  });

  it('matches whole names, keep first and then drop', () => {
    const filter = compileMetricFilter({ keep: ['DCGM_FI_.*', 'up'], drop: ['DCGM_FI_DEV_.*_CLOCK'] });
    expect(['DCGM_FI_DEV_GPU_UTIL', 'DCGM_FI_DEV_SM_CLOCK', 'up', 'upstream', 'go_goroutines', 'xDCGM_FI_A'].filter(filter)).toEqual(['DCGM_FI_DEV_GPU_UTIL', 'up']);
    expect(['go_gc_duration_seconds', 'process_cpu_seconds_total', 'node_load1'].filter(compileMetricFilter({ drop: ['go_.*', 'process_.*'] }))).toEqual(['node_load1']);
  });

  it('keeps each pattern in its own group so alternations do not leak', () => {
    const filter = compileMetricFilter({ keep: ['a|b', 'c'] });
    expect(['a', 'b', 'c', 'ab', 'bc'].filter(filter)).toEqual(['a', 'b', 'c']);
  });

  it('throws for an invalid regex', () => {
    expect(() => compileMetricFilter({ keep: ['(' ] })).toThrow(SyntaxError);
  });
});

describe('attachTargetLabels', () => {
  const target = { job: 'dcgm', instance: 'node-1:9400', cluster: 'train' };

  it('adds the target labels and keeps clashing exposed ones as exported_*', () => {
    expect(attachTargetLabels({ gpu: '0', job: 'exporter', exported_job: 'x', pod: 'p' }, target, false)).toEqual({
      gpu: '0',
      job: 'dcgm',
      exported_job: 'x',
      exported_exported_job: 'exporter',
      pod: 'p',
      instance: 'node-1:9400',
      cluster: 'train',
    });
  });

  it('lets exposed labels win with honor_labels', () => {
    expect(attachTargetLabels({ gpu: '0', job: 'exporter' }, target, true)).toEqual({ gpu: '0', job: 'exporter', instance: 'node-1:9400', cluster: 'train' });
  });

  it('drops labels with empty values, as Prometheus does', () => {
    expect(attachTargetLabels({ gpu: '0', pod: '' }, { job: 'dcgm', cluster: '' }, false)).toEqual({ gpu: '0', job: 'dcgm' });
  });
});
