/**
 * dcgm-exporter metric names → the GPU signals of the rollup (SOURCES.md, DCGM exporter), with the names of
 * dcgm-exporter's 1.x compatibility mode (fixtures/gpu/dcgm/dcgm-exporter-counters/1.x-compatibility-metrics.csv).
 * DCGM_FI_DEV_XID_ERRORS is the last XID code, not a count: it is recognised and ignored, like every other
 * DCGM field the rollup does not read.
 */
import type { GpuSignal } from '../../gpu/signals.ts';

export const DCGM_FIELDS: ReadonlyMap<string, GpuSignal> = new Map<string, GpuSignal>([
  ['DCGM_FI_PROF_GR_ENGINE_ACTIVE', 'prof_gr_engine'],
  ['DCGM_FI_DEV_GPU_UTIL', 'dev_gpu_util'],
  ['DCGM_FI_DEV_ENC_UTIL', 'enc_util'],
  ['DCGM_FI_DEV_DEC_UTIL', 'dec_util'],
  ['DCGM_FI_PROF_SM_ACTIVE', 'sm_active'],
  ['DCGM_FI_PROF_DRAM_ACTIVE', 'dram_active'],
  ['DCGM_FI_DEV_FB_USED', 'fb_used_mib'],
  ['DCGM_FI_DEV_POWER_USAGE', 'power_w'],
  ['DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION', 'energy_mj'],
  // 1.x compatibility names: the same DCGM fields, the same units.
  ['dcgm_fi_prof_gr_engine_active', 'prof_gr_engine'],
  ['dcgm_gpu_utilization', 'dev_gpu_util'],
  ['dcgm_enc_utilization', 'enc_util'],
  ['dcgm_dec_utilization', 'dec_util'],
  ['dcgm_fi_prof_sm_active', 'sm_active'],
  ['dcgm_fi_prof_dram_active', 'dram_active'],
  ['dcgm_fb_used', 'fb_used_mib'],
  ['dcgm_power_usage', 'power_w'],
  ['dcgm_total_energy_consumption', 'energy_mj'],
]);

/** Fields that describe a unit rather than its activity: its memory size (MiB) and power limit (W). */
export type DcgmFact = 'fb_total' | 'fb_free' | 'fb_reserved' | 'power_limit';

export const DCGM_FACTS: ReadonlyMap<string, DcgmFact> = new Map<string, DcgmFact>([
  ['DCGM_FI_DEV_FB_TOTAL', 'fb_total'],
  ['DCGM_FI_DEV_FB_FREE', 'fb_free'],
  ['DCGM_FI_DEV_FB_RESERVED', 'fb_reserved'],
  ['dcgm_fb_free', 'fb_free'],
  ['DCGM_FI_DEV_ENFORCED_POWER_LIMIT', 'power_limit'],
  ['DCGM_FI_DEV_POWER_MGMT_LIMIT', 'power_limit'],
]);

/** True for any series dcgm-exporter writes: its DCGM_FI_* fields, and the dcgm_* names of 1.x mode. */
export function isDcgmMetric(name: string): boolean {
  return name.startsWith('DCGM_FI_') || name.startsWith('dcgm_');
}

/** A dcgm-exporter field the rollup does not read (temperatures, clocks, XID, …): parsers may skip its samples. */
export function isIgnoredDcgmField(name: string): boolean {
  return isDcgmMetric(name) && !DCGM_FIELDS.has(name) && !DCGM_FACTS.has(name);
}
