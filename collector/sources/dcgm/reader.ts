/**
 * dcgm-exporter samples → a GpuBatch: each sample of a mapped field becomes a reading of its unit, facts
 * (memory size, power limit) are kept, pod labels become observations of who held the unit. Pure; shared by
 * `pulse import prom`, the scraper path and the backfill's raw re-reads.
 */
import type { BatchUnit, GpuBatch } from '../../gpu/batch.ts';
import type { LabelView } from '../prometheus/exposition.ts';
import { DCGM_FACTS, DCGM_FIELDS, isDcgmMetric } from './fields.ts';
import type { IdentityOptions } from './identity.ts';
import { dcgmIdentity, dcgmPod } from './identity.ts';

export interface DcgmReadCounts {
  /** Samples that went into the batch (readings and facts). */
  readings: number;
  /** dcgm-exporter samples that name no GPU (no UUID label). */
  unidentified: number;
  /** dcgm-exporter fields the rollup does not read (temperatures, clocks, XID, …). */
  ignored: number;
}

/** A unit as the reader tracks it: the batch unit and its last pod observation (to skip a scrape's repeats). */
interface ReaderUnit {
  readonly unit: BatchUnit;
  ts: number;
  pod: string | undefined;
  namespace: string | undefined;
}

export class DcgmReader {
  readonly counts: DcgmReadCounts = { readings: 0, unidentified: 0, ignored: 0 };
  /** Whole GPUs by UUID; MIG instances by UUID, then GPU_I_ID. Label values are used as they come. */
  private readonly gpus = new Map<string, ReaderUnit>();
  private readonly instances = new Map<string, Map<string, ReaderUnit>>();

  constructor(
    private readonly batch: GpuBatch,
    private readonly identity: IdentityOptions,
  ) {}

  /**
   * Takes one sample; false when it is not a dcgm-exporter metric (the caller keeps it as a generic series).
   * Reads a few labels of each sample, and all of them once per unit.
   */
  add(name: string, labels: LabelView, ts: number, value: number): boolean {
    const signal = DCGM_FIELDS.get(name);
    const fact = signal === undefined ? DCGM_FACTS.get(name) : undefined;
    if (signal === undefined && fact === undefined) {
      if (!isDcgmMetric(name)) return false;
      this.counts.ignored++;
      return true;
    }
    const tracked = this.unitOf(labels);
    if (tracked === undefined) {
      this.counts.unidentified++;
      return true;
    }
    const unit = tracked.unit;
    this.counts.readings++;
    if (signal !== undefined) {
      this.batch.reading(unit, signal, ts, value);
      // Presence comes from the signals only, as on the Prometheus API path (which queries no facts).
      this.observe(tracked, labels, ts);
    } else if (Number.isFinite(value) && value >= 0 && value < 2 ** 31 - 16) {
      // Facts only describe the unit: a sentinel here is skipped, not counted as a bad reading.
      const facts = unit.facts;
      if (fact === 'fb_total') facts.fbTotal = value;
      else if (fact === 'fb_free') facts.fbFree = value;
      else if (fact === 'fb_reserved') facts.fbReserved = value;
      else facts.powerLimitW = value;
    }
    return true;
  }

  /** Counts a sample of an ignored field that the parser skipped (isIgnoredDcgmField) instead of passing it to add. */
  skipped(): void {
    this.counts.ignored++;
  }

  private unitOf(labels: LabelView): ReaderUnit | undefined {
    const uuid = labels.get('UUID') ?? labels.get('uuid');
    if (uuid === undefined || uuid === '') return undefined;
    const instance = labels.get('GPU_I_ID');
    let byInstance: Map<string, ReaderUnit> | undefined;
    if (instance === undefined || instance === '') {
      const known = this.gpus.get(uuid);
      if (known !== undefined) return known;
    } else {
      byInstance = this.instances.get(uuid);
      const known = byInstance?.get(instance);
      if (known !== undefined) return known;
    }
    const identity = dcgmIdentity(labels, this.identity);
    if (identity === null) return undefined;
    const tracked: ReaderUnit = { unit: this.batch.unit(identity), ts: Number.NaN, pod: undefined, namespace: undefined };
    if (instance === undefined || instance === '') {
      this.gpus.set(uuid, tracked);
    } else {
      if (byInstance === undefined) {
        byInstance = new Map();
        this.instances.set(uuid, byInstance);
      }
      byInstance.set(instance, tracked);
    }
    return tracked;
  }

  private observe(tracked: ReaderUnit, labels: LabelView, ts: number): void {
    const pod = labels.get('exported_pod') ?? labels.get('pod');
    const namespace = labels.get('exported_namespace') ?? labels.get('namespace');
    if (tracked.ts === ts && tracked.pod === pod && tracked.namespace === namespace) return;
    tracked.ts = ts;
    tracked.pod = pod;
    tracked.namespace = namespace;
    this.batch.observePod(tracked.unit, ts, dcgmPod(labels));
  }
}
