/**
 * Writes GPU telemetry into the GPU tables (migrations/0003_gpu.sql) through the single writer, idempotently:
 * gpus and gpu_instances are upserted, gpu_samples and gpu_minute replace the batch's window per unit, and
 * allocations merge with the stored intervals of the same holders. The caller runs it inside a transaction.
 *
 * The minute rollup of a batch that stores raw readings is computed from those readings plus whatever
 * gpu_samples already holds around them (the gap rule and the energy counter look back), so importing files in
 * any order, or a scrape every 15 s, gives the rows one import of everything would give.
 *
 * Rows are staged in temp tables keyed by the unit's position in the batch and the signal's number, then moved
 * with set-based SQL: appending numbers is much cheaper than appending the same strings on every row. gpu_samples
 * keeps numbers too: the unit's id (gpu_units) and the signal's (gpu_signals, the order of GPU_SIGNALS).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { StoreWriter } from '../store/writer.ts';
import type { AllocationRow } from './allocations.ts';
import { allocationIntervals, mergeAllocations, presenceOf } from './allocations.ts';
import type { BatchUnit, GpuBatch, UnitReadingsByUnit } from './batch.ts';
import { factsMemoryMib } from './batch.ts';
import { migShare } from './mig.ts';
import type { ActivitySource, GpuMinute, UnitReadings } from './rollup.ts';
import { carryWindowMs, floorMinute, MINUTE_MS, rollupUnit } from './rollup.ts';
import type { GpuSignal } from './signals.ts';
import { GPU_SIGNALS } from './signals.ts';
import type { GpuUnitIdentity } from './unit.ts';

export interface GpuWriteOptions {
  /** 2 × the scrape interval (METRICS.md gap rule). */
  readonly lookbackMs: number;
  readonly timeSlicingReplicas: number | null;
  /** gpu_samples older than this before the batch's newest reading are deleted; null keeps them. */
  readonly rawRetentionMs: number | null;
}

export interface GpuWriteSummary {
  units: number;
  rawRows: number;
  minuteRows: number;
  allocationRows: number;
}

/** A unit described for the upserts, with the span of its telemetry. */
export interface UnitDescription {
  readonly identity: GpuUnitIdentity;
  readonly firstTs: number;
  readonly lastTs: number;
  readonly memoryMib: number | null;
  readonly powerLimitW: number | null;
}

/** A unit's minute window to replace, [minuteLo, minuteHi] inclusive and minute-aligned; `index` keys its rows. */
export interface MinuteWindow {
  readonly index: number;
  readonly uuid: string;
  readonly instance: string;
  readonly minuteLo: number;
  readonly minuteHi: number;
}

const ACTIVITY_SOURCES: readonly ActivitySource[] = ['prof_gr_engine', 'dev_gpu_util', 'smi_util'];

async function rows(connection: DuckDBConnection, sql: string, params: (string | number)[] = []): Promise<Record<string, unknown>[]> {
  const reader = await connection.runAndReadAll(sql, params);
  return reader.getRowObjectsJS();
}

/**
 * Times are staged as epoch milliseconds (DOUBLE), which the appender takes as they are, and become TIMESTAMPTZ in
 * SQL (ms_tz): a TIMESTAMPTZ value costs a BigInt and an object per row on the way in.
 */
const STAGING = `
CREATE OR REPLACE TEMP MACRO ms_tz(ms) AS make_timestamptz(CAST(round(ms * 1000) AS BIGINT));
CREATE TEMP TABLE IF NOT EXISTS gpu_batch_units (
  idx INTEGER, gpu_uuid VARCHAR, gpu_instance VARCHAR, minute_lo DOUBLE, minute_hi DOUBLE, read_lo DOUBLE, read_hi DOUBLE, unit_id INTEGER);
CREATE TEMP TABLE IF NOT EXISTS gpu_batch_spans (idx INTEGER, signals INTEGER, lo DOUBLE, hi DOUBLE);
CREATE TEMP TABLE IF NOT EXISTS gpu_batch_raw (idx INTEGER, signal INTEGER, ts DOUBLE, value DOUBLE);
CREATE TEMP TABLE IF NOT EXISTS gpu_batch_minutes (
  idx INTEGER, minute DOUBLE, activity DOUBLE, activity_source INTEGER, prof_activity DOUBLE, gpu_util DOUBLE, sm_active DOUBLE,
  dram_active DOUBLE, mem_used_mib DOUBLE, power_w DOUBLE, energy_j DOUBLE, samples INTEGER, bad_samples INTEGER);
CREATE TEMP TABLE IF NOT EXISTS gpu_batch_gpus (
  gpu_uuid VARCHAR, cluster VARCHAR, node VARCHAR, gpu_index INTEGER, model VARCHAR, memory_mib DOUBLE, power_limit_w DOUBLE,
  pci_bus_id VARCHAR, first_seen DOUBLE);
CREATE TEMP TABLE IF NOT EXISTS gpu_batch_instances (gpu_uuid VARCHAR, gpu_instance VARCHAR, profile VARCHAR, share DOUBLE, memory_mib DOUBLE);
CREATE TEMP TABLE IF NOT EXISTS gpu_batch_removed (gpu_uuid VARCHAR, gpu_instance VARCHAR, namespace VARCHAR, pod VARCHAR, start_at DOUBLE);
CREATE TEMP TABLE IF NOT EXISTS gpu_activity_sources AS SELECT * FROM (VALUES ${ACTIVITY_SOURCES.map((s, i) => `(${i}, '${s}')`).join(', ')}) AS t(code, name);
DELETE FROM gpu_batch_units; DELETE FROM gpu_batch_spans; DELETE FROM gpu_batch_raw; DELETE FROM gpu_batch_minutes;
DELETE FROM gpu_batch_gpus; DELETE FROM gpu_batch_instances; DELETE FROM gpu_batch_removed;`;

/** Creates (once per connection) and empties the staging tables; every batch starts with it. */
export async function resetStaging(connection: DuckDBConnection): Promise<void> {
  await connection.run(STAGING);
}

/** Upserts gpus and gpu_instances for the units; model facts (gpu_models) fill what telemetry did not say. */
export async function upsertUnits(writer: StoreWriter, units: readonly UnitDescription[]): Promise<void> {
  await stageGpus(writer, units);
  await writer.execute(UPSERT_STAGED_GPUS);
}

/** Moves the staged gpus and gpu_instances rows into their tables (one statement list: it can run in the background). */
const UPSERT_STAGED_GPUS = `
  UPDATE gpus SET cluster = s.cluster, node = s.node, gpu_index = coalesce(s.gpu_index, gpus.gpu_index),
    model = CASE WHEN s.model = 'unknown' THEN gpus.model ELSE s.model END,
    memory_mib = coalesce(s.memory_mib, gpus.memory_mib), power_limit_w = coalesce(s.power_limit_w, gpus.power_limit_w),
    pci_bus_id = coalesce(s.pci_bus_id, gpus.pci_bus_id), first_seen = least(gpus.first_seen, ms_tz(s.first_seen)), retired_at = NULL
  FROM gpu_batch_gpus s WHERE gpus.gpu_uuid = s.gpu_uuid;
  INSERT INTO gpus (gpu_uuid, cluster, node, gpu_index, model, memory_mib, power_limit_w, pci_bus_id, first_seen, retired_at)
  SELECT s.gpu_uuid, s.cluster, s.node, s.gpu_index, s.model, coalesce(s.memory_mib, m.memory_mib), coalesce(s.power_limit_w, m.power_limit_w),
         s.pci_bus_id, ms_tz(s.first_seen), NULL
  FROM gpu_batch_gpus s LEFT JOIN gpu_models m ON m.model = s.model
  WHERE NOT EXISTS (SELECT 1 FROM gpus g WHERE g.gpu_uuid = s.gpu_uuid);
  UPDATE gpu_instances SET profile = CASE WHEN s.profile = 'unknown' THEN gpu_instances.profile ELSE s.profile END,
    share = CASE WHEN s.profile = 'unknown' THEN gpu_instances.share ELSE s.share END, memory_mib = coalesce(s.memory_mib, gpu_instances.memory_mib)
  FROM gpu_batch_instances s WHERE gpu_instances.gpu_uuid = s.gpu_uuid AND gpu_instances.gpu_instance = s.gpu_instance;
  INSERT INTO gpu_instances SELECT s.gpu_uuid, s.gpu_instance, s.profile, s.share, s.memory_mib FROM gpu_batch_instances s
  WHERE NOT EXISTS (SELECT 1 FROM gpu_instances i WHERE i.gpu_uuid = s.gpu_uuid AND i.gpu_instance = s.gpu_instance);`;

/** Stages the gpus and gpu_instances rows of the units (gpu_batch_gpus, gpu_batch_instances). */
async function stageGpus(writer: StoreWriter, units: readonly UnitDescription[]): Promise<void> {
  const gpus = new Map<string, { row: Record<string, unknown>; fromInstance: boolean }>();
  const instances: Record<string, unknown>[] = [];
  const instancesPerGpu = new Map<string, number>();
  for (const u of units) if (u.identity.instance !== '') instancesPerGpu.set(u.identity.uuid, (instancesPerGpu.get(u.identity.uuid) ?? 0) + 1);
  for (const u of units) {
    const id = u.identity;
    const mig = id.instance !== '';
    const firstSeen = floorMinute(u.firstTs);
    const known = gpus.get(id.uuid);
    const earliest = Math.min(firstSeen, typeof known?.row['first_seen'] === 'number' ? known.row['first_seen'] : firstSeen);
    if (known === undefined || (!mig && known.fromInstance)) {
      // The whole GPU's series describe it best; a MIG instance's do until one arrives.
      gpus.set(id.uuid, {
        fromInstance: mig,
        row: {
          gpu_uuid: id.uuid,
          cluster: id.cluster,
          node: id.node,
          gpu_index: id.gpuIndex,
          model: id.model ?? 'unknown',
          memory_mib: mig ? null : u.memoryMib,
          power_limit_w: u.powerLimitW,
          pci_bus_id: id.pciBusId,
          first_seen: earliest,
        },
      });
    } else {
      known.row['first_seen'] = earliest;
    }
    if (mig) {
      const share = (id.profile === null ? null : migShare(id.profile, id.model)) ?? 1 / (instancesPerGpu.get(id.uuid) ?? 1);
      instances.push({ gpu_uuid: id.uuid, gpu_instance: id.instance, profile: id.profile ?? 'unknown', share, memory_mib: u.memoryMib });
    }
  }
  await writer.appendRows('gpu_batch_gpus', [...gpus.values()].map((g) => g.row));
  await writer.appendRows('gpu_batch_instances', instances);
}

/** gpu_minute rows as columns, keyed by the unit's staging index. */
export class MinuteColumns {
  readonly columns = {
    idx: [] as number[],
    minute: [] as number[],
    activity: [] as (number | null)[],
    activity_source: [] as (number | null)[],
    prof_activity: [] as (number | null)[],
    gpu_util: [] as (number | null)[],
    sm_active: [] as (number | null)[],
    dram_active: [] as (number | null)[],
    mem_used_mib: [] as (number | null)[],
    power_w: [] as (number | null)[],
    energy_j: [] as (number | null)[],
    samples: [] as number[],
    bad_samples: [] as number[],
  };

  add(index: number, minutes: readonly GpuMinute[]): void {
    const c = this.columns;
    for (const r of minutes) {
      c.idx.push(index);
      c.minute.push(r.minute);
      c.activity.push(r.activity);
      c.activity_source.push(r.activitySource === null ? null : ACTIVITY_SOURCES.indexOf(r.activitySource));
      c.prof_activity.push(r.profActivity);
      c.gpu_util.push(r.gpuUtil);
      c.sm_active.push(r.smActive);
      c.dram_active.push(r.dramActive);
      c.mem_used_mib.push(r.memUsedMib);
      c.power_w.push(r.powerW);
      c.energy_j.push(r.energyJ);
      c.samples.push(r.samples);
      c.bad_samples.push(r.badSamples);
    }
  }

  get length(): number {
    return this.columns.minute.length;
  }
}

/** Stages the units' windows; `carryMs` widens the read window for the rollup's look back. */
export async function stageUnits(writer: StoreWriter, windows: readonly MinuteWindow[], carryMs: number): Promise<void> {
  await writer.append('gpu_batch_units', {
    idx: windows.map((w) => w.index),
    gpu_uuid: windows.map((w) => w.uuid),
    gpu_instance: windows.map((w) => w.instance),
    minute_lo: windows.map((w) => w.minuteLo),
    minute_hi: windows.map((w) => w.minuteHi),
    read_lo: windows.map((w) => w.minuteLo - carryMs),
    read_hi: windows.map((w) => w.minuteHi + MINUTE_MS),
  });
}

/** Gives each staged unit its gpu_units id, which its gpu_samples rows carry; a new unit is numbered here. */
const NUMBER_STAGED_UNITS = `
  INSERT INTO gpu_units (gpu_uuid, gpu_instance)
  SELECT u.gpu_uuid, u.gpu_instance FROM gpu_batch_units u ANTI JOIN gpu_units g USING (gpu_uuid, gpu_instance) ORDER BY u.idx;
  UPDATE gpu_batch_units u SET unit_id = g.unit_id FROM gpu_units g WHERE g.gpu_uuid = u.gpu_uuid AND g.gpu_instance = u.gpu_instance;`;

/** Replaces gpu_minute rows of each staged unit's window with the given rows (which lie inside the windows). */
export async function replaceMinutes(writer: StoreWriter, minutes: MinuteColumns, source: string): Promise<void> {
  await writer.execute(`
    DELETE FROM gpu_minute USING gpu_batch_units u
    WHERE gpu_minute.gpu_uuid = u.gpu_uuid AND gpu_minute.gpu_instance = u.gpu_instance
      AND gpu_minute.minute >= ms_tz(u.minute_lo) AND gpu_minute.minute <= ms_tz(u.minute_hi)`);
  await writer.append('gpu_batch_minutes', minutes.columns);
  await writer.execute(
    `INSERT INTO gpu_minute
     SELECT u.gpu_uuid, u.gpu_instance, ms_tz(m.minute), m.activity, a.name, m.prof_activity, m.gpu_util, m.sm_active, m.dram_active,
            m.mem_used_mib, m.power_w, m.energy_j, m.samples, m.bad_samples, $1
     FROM gpu_batch_minutes m JOIN gpu_batch_units u USING (idx) LEFT JOIN gpu_activity_sources a ON a.code = m.activity_source`,
    [source],
  );
}

/**
 * Stored allocations of the staged units from the given sources are merged with the batch's intervals
 * (firstMinuteOfUnit: by unit key, the first minute the batch observed). Returns the rows written.
 */
export async function writeAllocations(
  connection: DuckDBConnection,
  writer: StoreWriter,
  incoming: readonly AllocationRow[],
  firstMinuteOfUnit: ReadonlyMap<string, number>,
  gapMs: number,
  sources: readonly string[],
): Promise<number> {
  const stored = (
    await rows(
      connection,
      `SELECT a.gpu_uuid, a.gpu_instance, a.namespace, a.pod, a.container, a.pod_gpus, a.share, epoch_ms(a.start_at)::DOUBLE AS start_ms,
              epoch_ms(a.end_at)::DOUBLE AS end_ms, a.source
       FROM gpu_allocations a JOIN (SELECT DISTINCT gpu_uuid, gpu_instance FROM gpu_batch_units) u
         ON a.gpu_uuid = u.gpu_uuid AND a.gpu_instance = u.gpu_instance`,
    )
  )
    .filter((r) => sources.includes(String(r['source'])))
    .map(
    (r): AllocationRow => ({
      gpuUuid: String(r['gpu_uuid']),
      gpuInstance: String(r['gpu_instance']),
      namespace: String(r['namespace']),
      pod: String(r['pod']),
      container: r['container'] === null ? null : String(r['container']),
      podGpus: Number(r['pod_gpus']),
      share: Number(r['share']),
      startMs: Number(r['start_ms']),
      endMs: r['end_ms'] === null ? null : Number(r['end_ms']),
      source: String(r['source']),
    }),
  );
  const { remove, add } = mergeAllocations(stored, incoming, firstMinuteOfUnit, gapMs);
  if (remove.length > 0) {
    await writer.append('gpu_batch_removed', {
      gpu_uuid: remove.map((r) => r.gpuUuid),
      gpu_instance: remove.map((r) => r.gpuInstance),
      namespace: remove.map((r) => r.namespace),
      pod: remove.map((r) => r.pod),
      start_at: remove.map((r) => r.startMs),
    });
    await writer.execute(`
      DELETE FROM gpu_allocations USING gpu_batch_removed r
      WHERE gpu_allocations.gpu_uuid = r.gpu_uuid AND gpu_allocations.gpu_instance = r.gpu_instance AND gpu_allocations.namespace = r.namespace
        AND gpu_allocations.pod = r.pod AND gpu_allocations.start_at = ms_tz(r.start_at)`);
  }
  return writer.append('gpu_allocations', {
    gpu_uuid: add.map((a) => a.gpuUuid),
    gpu_instance: add.map((a) => a.gpuInstance),
    namespace: add.map((a) => a.namespace),
    pod: add.map((a) => a.pod),
    container: add.map((a) => a.container),
    pod_gpus: add.map((a) => a.podGpus),
    share: add.map((a) => a.share),
    start_at: add.map((a) => a.startMs),
    end_at: add.map((a) => a.endMs),
    source: add.map((a) => a.source),
  });
}

const describeUnit = (u: BatchUnit): UnitDescription => ({
  identity: u.identity,
  firstTs: u.firstTs,
  lastTs: u.lastTs,
  memoryMib: factsMemoryMib(u.facts),
  powerLimitW: u.facts.powerLimitW,
});

/**
 * Stored readings (gpu_samples s) the batch replaces: same unit, same signal (its bit is set in the span's
 * signals), inside the batch's span of that signal.
 */
const REPLACED = `EXISTS (SELECT 1 FROM gpu_batch_spans b
  WHERE b.idx = u.idx AND (b.signals >> s.signal) & 1 = 1 AND s.ts >= ms_tz(b.lo) AND s.ts <= ms_tz(b.hi) AND s.source = $1)`;

/**
 * Readings stored around the batch that its rollup needs: gpu_samples of the staged units inside each unit's
 * read window, other than those the batch replaces. Undefined in the common case of new data (checked first).
 */
async function storedReadings(connection: DuckDBConnection, source: string): Promise<Map<number, UnitReadings> | undefined> {
  const around = `FROM gpu_samples s JOIN gpu_batch_units u USING (unit_id)
     WHERE s.ts >= ms_tz(u.read_lo) AND s.ts < ms_tz(u.read_hi) AND NOT ${REPLACED}`;
  if ((await rows(connection, `SELECT 1 ${around} LIMIT 1`, [source])).length === 0) return undefined;
  const stored = await rows(connection, `SELECT u.idx, epoch_ms(s.ts)::DOUBLE AS ts, s.signal::INTEGER AS signal, s.value ${around}`, [source]);
  const byUnit = new Map<number, UnitReadings>();
  for (const r of stored) {
    const index = Number(r['idx']);
    let readings = byUnit.get(index);
    if (readings === undefined) {
      readings = {};
      byUnit.set(index, readings);
    }
    const series = (readings[GPU_SIGNALS[Number(r['signal'])] as GpuSignal] ??= { ts: [], values: [] });
    series.ts.push(Number(r['ts']));
    series.values.push(r['value'] === null ? Number.NaN : Number(r['value']));
  }
  return byUnit;
}

/**
 * Per unit and signal, the span of the batch's readings: what it replaces in gpu_samples. The signals of a unit
 * that share a span (all of them, in a scrape) are one row, with a bit per signal (its number in GPU_SIGNALS).
 */
function signalSpans(units: readonly BatchUnit[], readings: UnitReadingsByUnit): { idx: number[]; signals: number[]; lo: number[]; hi: number[] } {
  const out = { idx: [] as number[], signals: [] as number[], lo: [] as number[], hi: [] as number[] };
  for (const u of units) {
    const first = out.idx.length;
    readings.spans(u.index, (number, lo, hi) => {
      let row = first;
      while (row < out.idx.length && (out.lo[row] !== lo || out.hi[row] !== hi)) row++;
      if (row === out.idx.length) {
        out.idx.push(u.index);
        out.signals.push(0);
        out.lo.push(lo);
        out.hi.push(hi);
      }
      out.signals[row] = (out.signals[row] as number) | (1 << number);
    });
  }
  return out;
}

function withStored(batch: UnitReadings, stored: UnitReadings | undefined): UnitReadings {
  if (stored === undefined) return batch;
  const out: UnitReadings = { ...stored };
  for (const signal of GPU_SIGNALS) {
    const series = batch[signal];
    if (series === undefined) continue;
    const before = out[signal];
    out[signal] = before === undefined ? series : { ts: [...before.ts, ...series.ts], values: [...before.values, ...series.values] };
  }
  return out;
}

/** Computes while a statement runs on the connection; the statement has always ended when this settles. */
async function meanwhile<T>(statement: Promise<void>, compute: () => T): Promise<T> {
  let result: T;
  try {
    result = compute();
  } catch (error) {
    await statement.catch(() => undefined);
    throw error;
  }
  await statement;
  return result;
}

/**
 * Writes a batch of raw readings: units, gpu_samples (replacing each unit's span per signal), the rollup of every
 * minute the batch can change, and allocations from its pod observations. Statements that take DuckDB a while run
 * while this computes what comes next (DuckDB works on its own threads; one statement at a time on the connection).
 */
export async function writeGpuBatch(connection: DuckDBConnection, writer: StoreWriter, batch: GpuBatch, options: GpuWriteOptions): Promise<GpuWriteSummary> {
  const units = batch.unitList.filter((u) => u.firstTs <= u.lastTs);
  if (units.length === 0) return { units: 0, rawRows: 0, minuteRows: 0, allocationRows: 0 };
  await resetStaging(connection);
  await stageGpus(writer, units.map(describeUnit));

  const carry = carryWindowMs(options.lookbackMs);
  // Minutes after a unit's last reading still see it (gap rule, energy): they are recomputed too.
  const after = Math.ceil(carry / MINUTE_MS) * MINUTE_MS;
  const windows: MinuteWindow[] = units.map((u) => ({
    index: u.index,
    uuid: u.identity.uuid,
    instance: u.identity.instance,
    minuteLo: floorMinute(u.firstTs),
    minuteHi: floorMinute(u.lastTs) + after,
  }));
  await stageUnits(writer, windows, carry);
  const newestTs = units.reduce((max, u) => Math.max(max, u.lastTs), Number.NEGATIVE_INFINITY);
  const readings = batch.unitReadings();
  const { spans, intervals } = await meanwhile(writer.execute(UPSERT_STAGED_GPUS + NUMBER_STAGED_UNITS), () => ({
    spans: signalSpans(units, readings),
    intervals: batch.tracksPods
      ? allocationIntervals(
          units.map((u) => presenceOf(u.identity.uuid, u.identity.instance, u.pods, u.unheld)),
          { gapMs: carry, newestMinute: floorMinute(newestTs), timeSlicingReplicas: options.timeSlicingReplicas, source: batch.source },
        )
      : [],
  }));
  await writer.append('gpu_batch_spans', spans);
  const stored = await storedReadings(connection, batch.source);
  await writer.execute(
    `DELETE FROM gpu_samples USING (SELECT u.unit_id, b.signals, b.lo, b.hi FROM gpu_batch_spans b JOIN gpu_batch_units u USING (idx)) w
     WHERE gpu_samples.unit_id = w.unit_id AND (w.signals >> gpu_samples.signal) & 1 = 1
       AND gpu_samples.ts >= ms_tz(w.lo) AND gpu_samples.ts <= ms_tz(w.hi) AND gpu_samples.source = $1`,
    [batch.source],
  );
  await writer.append('gpu_batch_raw', { idx: batch.raw.unit, signal: batch.raw.signal, ts: batch.raw.ts, value: batch.raw.value });
  const rawInserted = writer.execute(
    `INSERT INTO gpu_samples SELECT u.unit_id, ms_tz(r.ts), r.signal, r.value, $1 FROM gpu_batch_raw r JOIN gpu_batch_units u USING (idx)`,
    [batch.source],
  );
  const minutes = await meanwhile(rawInserted, () => {
    const rollup = new MinuteColumns();
    for (const [i, u] of units.entries()) {
      const w = windows[i] as MinuteWindow;
      const unitReadings = withStored(readings.of(u.index), stored?.get(u.index));
      rollup.add(u.index, rollupUnit(unitReadings, { lookbackMs: options.lookbackMs, powerApplies: u.identity.instance === '', fromMs: w.minuteLo, toMs: w.minuteHi + MINUTE_MS }));
    }
    return rollup;
  });
  await replaceMinutes(writer, minutes, batch.source);

  let allocationRows = 0;
  if (batch.tracksPods) {
    const firstMinute = new Map(units.map((u) => [u.key, floorMinute(u.firstTs)]));
    allocationRows = await writeAllocations(connection, writer, intervals, firstMinute, carry, [batch.source]);
  }

  if (options.rawRetentionMs !== null) await writer.execute('DELETE FROM gpu_samples WHERE ts < to_timestamp($1 / 1000)', [newestTs - options.rawRetentionMs]);
  return { units: units.length, rawRows: batch.raw.ts.length, minuteRows: minutes.length, allocationRows };
}
