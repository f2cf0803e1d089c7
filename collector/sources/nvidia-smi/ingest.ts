/**
 * nvidia-smi output → a GpuBatch for the GPU tables (hosts without DCGM). Pure. Which output it is, `-q -x` XML
 * or `--query-gpu` CSV, is decided from its first bytes; both go through the real parsers and toGpuReadings
 * (one reading per GPU, and per GPU instance of a MIG GPU). Readings without a time (no timestamp column, or no
 * zone to read the host's local time in) are taken at `atMs`.
 *
 * Signals: utilization.gpu max'ed with encoder / decoder (toGpuReadings' activity) is the nvidia-smi activity
 * signal (`smi_util`), memory.used the frame buffer, the power draw the power; memory.total and the enforced
 * power limit describe the unit. N/A and [Not Supported] are absent values, not bad ones. nvidia-smi knows no
 * pods: its batches leave allocations alone.
 */
import type { GpuBatch } from '../../gpu/batch.ts';
import type { GpuReading } from './readings.ts';
import { toGpuReadings } from './readings.ts';
import { parseQueryGpuCsv } from './query-csv.ts';
import { parseNvidiaSmiXml } from './xml.ts';

export type NvidiaSmiFormat = 'xml' | 'csv';

export interface NvidiaSmiIngestOptions {
  /** IANA zone of the host that printed the output (its timestamps are local time). */
  readonly timeZone: string;
  /** When readings carry no usable time (epoch ms); with `atOnly`, the time of every reading. */
  readonly atMs: number;
  /** Take every reading at `atMs` (the agent, which knows when it polled better than the 1-s local timestamp). */
  readonly atOnly?: boolean;
  readonly node: string;
  readonly cluster: string;
  /** The --query-gpu field list of CSV printed with `noheader`. */
  readonly fields?: readonly string[];
}

export function detectNvidiaSmiFormat(text: string): NvidiaSmiFormat {
  const start = text.replace(/^\uFEFF/, '').trimStart();
  return start.startsWith('<') ? 'xml' : 'csv';
}

/** The readings of one nvidia-smi output, XML or CSV. */
export function nvidiaSmiReadings(text: string, options: Pick<NvidiaSmiIngestOptions, 'timeZone' | 'fields'>): { format: NvidiaSmiFormat; readings: GpuReading[] } {
  const format = detectNvidiaSmiFormat(text);
  if (format === 'xml') return { format, readings: toGpuReadings(parseNvidiaSmiXml(text, { timeZone: options.timeZone })) };
  const csvOptions = options.fields === undefined ? { timeZone: options.timeZone } : { timeZone: options.timeZone, fields: options.fields };
  return { format, readings: toGpuReadings(parseQueryGpuCsv(text, csvOptions)) };
}

/** Adds readings to the batch; returns how many readings went in. */
export function addReadings(batch: GpuBatch, readings: readonly GpuReading[], options: NvidiaSmiIngestOptions): number {
  let count = 0;
  for (const r of readings) {
    const parsed = r.time === null || options.atOnly === true ? Number.NaN : Date.parse(r.time);
    const ts = Number.isFinite(parsed) ? parsed : options.atMs;
    const unit = batch.unit({
      uuid: r.uuid,
      instance: r.gpuInstanceId === null ? '' : String(r.gpuInstanceId),
      profile: null,
      gpuIndex: null,
      model: r.model,
      pciBusId: r.pciBusId,
      node: options.node,
      cluster: options.cluster,
    });
    if (r.activity !== null) batch.reading(unit, 'smi_util', ts, r.activity);
    if (r.memoryUsedMiB !== null) batch.reading(unit, 'fb_used_mib', ts, r.memoryUsedMiB);
    if (r.powerW !== null) batch.reading(unit, 'power_w', ts, r.powerW);
    if (r.memoryTotalMiB !== null) unit.facts.fbTotal = r.memoryTotalMiB;
    if (r.powerLimitW !== null) unit.facts.powerLimitW = r.powerLimitW;
    count++;
  }
  return count;
}
