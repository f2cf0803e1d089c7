import { describe, expect, it } from 'vitest';
import { migShare, migSlices } from './mig.ts';

describe('MIG profiles', () => {
  it('reads the compute slices of GPU instance and compute instance profiles', () => {
    expect(migSlices('3g.40gb')).toBe(3);
    expect(migSlices('1g.10gb+me')).toBe(1);
    expect(migSlices('1c.3g.71gb')).toBe(3);
    expect(migSlices('MIG 2g.20gb')).toBeNull();
  });

  it('shares a GPU in 7 slices, an A30 in 4', () => {
    expect(migShare('3g.40gb', 'NVIDIA A100-SXM4-80GB')).toBeCloseTo(3 / 7);
    expect(migShare('2g.12gb', 'NVIDIA A30')).toBe(0.5);
    expect(migShare('7g.80gb', 'NVIDIA H100 80GB HBM3')).toBe(1);
  });
});
