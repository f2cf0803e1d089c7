/**
 * The Prometheus API path of GPU telemetry (`pulse collect --backfill`, and `pulse collect`'s API collector):
 * chunk by chunk, server-side aggregates (backfill-queries.ts) → gpu_minute rows (backfill-rows.ts), raw
 * re-reads only for the few unit-minutes aggregates cannot settle, allocations from pod labels and
 * kube-state-metrics. Each chunk is written in one transaction together with its progress row
 * (gpu_backfill_chunks), so an interrupted backfill resumes where it stopped. Never pulls a fleet's raw samples.
 */
import { createHash } from 'node:crypto';
import type { AllocationRow } from '../../gpu/allocations.ts';
import { allocationIntervals } from '../../gpu/allocations.ts';
import { GpuBatch } from '../../gpu/batch.ts';
import type { NodeUnit, PodRequest } from '../../gpu/ksm.ts';
import { assignRequests, KSM_REQUESTS_QUERY, podRequests } from '../../gpu/ksm.ts';
import { carryWindowMs, floorMinute, MINUTE_MS, rollupUnit } from '../../gpu/rollup.ts';
import type { GpuMinute } from '../../gpu/rollup.ts';
import type { MinuteWindow } from '../../gpu/store.ts';
import { MinuteColumns, replaceMinutes, resetStaging, stageUnits, upsertUnits, writeAllocations } from '../../gpu/store.ts';
import type { Store } from '../../store/db.ts';
import { StoreWriter } from '../../store/writer.ts';
import type { PrometheusClient, RangeSeries } from '../prometheus/api.ts';
import { labelView } from '../prometheus/exposition.ts';
import type { PlannedQuery, RangeWindows } from './backfill-queries.ts';
import { API_METRICS, EVAL_OFFSET_MS, planQueries, promString, rawSelector } from './backfill-queries.ts';
import type { AggregatedUnit, ChunkWindow } from './backfill-rows.ts';
import { chunkRows, chunkSteps, minuteRuns } from './backfill-rows.ts';
import type { IdentityOptions } from './identity.ts';
import { DcgmReader } from './reader.ts';

export const PROMETHEUS_API_SOURCE = 'prometheus-api';

export interface BackfillOptions {
  /** Minute-aligned window [fromMs, toMs). */
  readonly fromMs: number;
  readonly toMs: number;
  readonly chunkMs: number;
  /** 2 × the scrape interval. */
  readonly lookbackMs: number;
  readonly windows: RangeWindows;
  readonly identity: IdentityOptions;
  /** PromQL label matchers added to every selector ('' for none). */
  readonly matchers: string;
  readonly timeSlicingReplicas: number | null;
  readonly kubeStateMetrics: boolean;
  /** Identifies the server (its URL): part of the job key. */
  readonly server: string;
  /** A job name of its own (e.g. 'live' for `pulse collect`) instead of one per window. */
  readonly job?: string;
  readonly signal?: AbortSignal;
  readonly onProgress?: (chunksDone: number, chunks: number, rows: number) => void;
}

export interface BackfillSummary {
  readonly jobKey: string;
  readonly chunks: number;
  readonly chunksSkipped: number;
  readonly chunksDone: number;
  readonly interrupted: boolean;
  readonly minuteRows: number;
  readonly units: number;
  readonly anomalyMinutes: number;
  readonly allocationRows: number;
  readonly unresolvedRequests: number;
  readonly requests: number;
  readonly warnings: readonly string[];
}

/** Whether the server closes range windows (Prometheus 2.x) or leaves them open on the left (3.x), probed on data. */
export async function detectRangeWindows(client: PrometheusClient, atMs: number, signal?: AbortSignal): Promise<RangeWindows | undefined> {
  for (const metric of Object.values(API_METRICS)) {
    const latest = await client.query(`timestamp(${metric})`, atMs, signal === undefined ? {} : { signal });
    if (latest.data.resultType !== 'vector') continue;
    const sample = latest.data.samples[0];
    if (sample === undefined) continue;
    const ts = Math.round(sample.value * 1000);
    const matchers = Object.entries(sample.labels).map(([k, v]) => `${k}=${promString(v)}`);
    // A 1 ms window ending 1 ms after the sample: closed windows hold it, left-open ones do not.
    const probe = await client.query(`count_over_time({__name__="${metric}",${matchers.join(',')}}[1ms])`, ts + 1, signal === undefined ? {} : { signal });
    return probe.data.resultType === 'vector' && probe.data.samples.length > 0 ? 'closed' : 'left_open';
  }
  return undefined;
}

export function backfillJobKey(options: BackfillOptions, plan: readonly PlannedQuery[]): string {
  const identity = { server: options.server, job: options.job ?? { fromMs: options.fromMs, toMs: options.toMs, chunkMs: options.chunkMs }, plan: plan.map((q) => q.expr), identity: options.identity };
  return createHash('sha256').update(JSON.stringify(identity)).digest('hex').slice(0, 24);
}

/** Chunks of the window: whole minutes, at most chunkMs long. */
export function planChunks(fromMs: number, toMs: number, chunkMs: number, lookbackMs: number): ChunkWindow[] {
  const size = Math.max(MINUTE_MS, floorMinute(chunkMs));
  const chunks: ChunkWindow[] = [];
  for (let from = fromMs; from < toMs; from += size) chunks.push({ fromMinute: from, toMinute: Math.min(toMs, from + size), lookbackMs });
  return chunks;
}

interface ChunkResult {
  readonly units: AggregatedUnit[];
  readonly rows: Map<string, GpuMinute[]>;
  readonly anomalyMinutes: number;
  readonly requests: PodRequest[];
  readonly apiRequests: number;
  readonly warnings: string[];
}

async function fetchChunk(client: PrometheusClient, plan: readonly PlannedQuery[], window: ChunkWindow, options: BackfillOptions): Promise<ChunkResult> {
  const call = options.signal === undefined ? {} : { signal: options.signal };
  const steps = chunkSteps(window);
  const range = { startMs: steps.startMs, endMs: steps.endMs, stepSeconds: 60 };
  const results = new Map<PlannedQuery, readonly RangeSeries[]>();
  const warnings: string[] = [];
  let apiRequests = 0;
  for (const query of plan) {
    const response = await client.queryRange(query.expr, range, call);
    apiRequests += response.requests;
    warnings.push(...response.warnings);
    results.set(query, response.series);
  }
  const chunk = chunkRows(results, window, options.identity);
  const rows = new Map<string, GpuMinute[]>();
  for (const unit of chunk.units.values()) rows.set(unit.key, unit.rows);

  // Raw re-reads: one instant query of a range selector per run of anomalous minutes of a unit.
  const carry = carryWindowMs(options.lookbackMs);
  let anomalyMinutes = 0;
  for (const [key, minutes] of chunk.anomalies) {
    const unit = chunk.units.get(key);
    if (unit === undefined) continue;
    anomalyMinutes += minutes.length;
    for (const run of minuteRuns(minutes)) {
      const cover = run.last - run.first + MINUTE_MS + carry;
      const selector = rawSelector(options.matchers === '' ? unit.matchers : `${unit.matchers},${options.matchers}`, cover, options.windows);
      const raw = await client.query(selector, run.last + EVAL_OFFSET_MS, call);
      apiRequests++;
      warnings.push(...raw.warnings);
      if (raw.data.resultType !== 'matrix') continue;
      const batch = new GpuBatch('dcgm', true);
      const reader = new DcgmReader(batch, options.identity);
      for (const series of raw.data.series) {
        const name = series.labels['__name__'] ?? '';
        const labels = labelView(series.labels);
        for (const p of series.points) reader.add(name, labels, p.timestampMs, p.value);
      }
      const seen = batch.units.get(key);
      const readings = seen === undefined ? {} : batch.unitReadings().of(seen.index);
      const settled = rollupUnit(readings, { lookbackMs: options.lookbackMs, powerApplies: unit.identity.instance === '', fromMs: run.first, toMs: run.last + MINUTE_MS });
      const merged = [...(rows.get(key) ?? []), ...settled].sort((a, b) => a.minute - b.minute);
      rows.set(key, merged);
    }
  }

  let requests: PodRequest[] = [];
  if (options.kubeStateMetrics) {
    const response = await client.queryRange(KSM_REQUESTS_QUERY, range, call);
    apiRequests += response.requests;
    warnings.push(...response.warnings);
    const inChunk = response.series.map((s) => ({
      labels: s.labels,
      points: s.points.map((p) => ({ minute: p.timestampMs - EVAL_OFFSET_MS, value: p.value })).filter((p) => p.minute >= window.fromMinute && p.minute < window.toMinute),
    }));
    requests = podRequests(inChunk, window.toMinute - MINUTE_MS);
  }
  return { units: [...chunk.units.values()], rows, anomalyMinutes, requests, apiRequests, warnings };
}

async function unitsOfNodes(store: Store, nodes: readonly string[]): Promise<Map<string, NodeUnit[]>> {
  const byNode = new Map<string, NodeUnit[]>();
  if (nodes.length === 0) return byNode;
  const reader = await store.connection.runAndReadAll(
    `SELECT g.node, g.gpu_uuid, coalesce(i.gpu_instance, '') AS gpu_instance, i.profile
     FROM gpus g LEFT JOIN gpu_instances i USING (gpu_uuid) WHERE g.retired_at IS NULL`,
  );
  for (const r of reader.getRowObjectsJS()) {
    const node = String(r['node']);
    if (!nodes.includes(node)) continue;
    const list = byNode.get(node) ?? [];
    list.push({ uuid: String(r['gpu_uuid']), instance: String(r['gpu_instance']), profile: r['profile'] === null ? null : String(r['profile']) });
    byNode.set(node, list);
  }
  return byNode;
}

async function writeChunk(store: Store, writer: StoreWriter, jobKey: string, window: ChunkWindow, result: ChunkResult, options: BackfillOptions): Promise<{ minuteRows: number; allocationRows: number; unresolved: number }> {
  const connection = store.connection;
  await resetStaging(connection);
  const seen = result.units.filter((u) => (result.rows.get(u.key)?.length ?? 0) > 0 || u.presence.size > 0);
  const spans = seen.map((u) => {
    const minutes = [...(result.rows.get(u.key) ?? []).map((r) => r.minute), ...u.presence.keys()];
    return { unit: u, first: Math.min(...minutes), last: Math.max(...minutes) };
  });
  await upsertUnits(
    writer,
    spans.map(({ unit, first, last }) => ({ identity: unit.identity, firstTs: first, lastTs: last, memoryMib: null, powerLimitW: null })),
  );
  const windows: MinuteWindow[] = seen.map((u, index) => ({ index, uuid: u.identity.uuid, instance: u.identity.instance, minuteLo: window.fromMinute, minuteHi: window.toMinute - MINUTE_MS }));
  await stageUnits(writer, windows, 0);
  const minutes = new MinuteColumns();
  seen.forEach((u, index) => minutes.add(index, result.rows.get(u.key) ?? []));
  await replaceMinutes(writer, minutes, 'dcgm');

  const carry = carryWindowMs(options.lookbackMs);
  const presence = seen.map((u) => ({ uuid: u.identity.uuid, instance: u.identity.instance, minutes: u.presence, pods: u.pods }));
  const newest = window.toMinute - MINUTE_MS;
  const byLabels = allocationIntervals(presence, { gapMs: carry, newestMinute: newest, timeSlicingReplicas: options.timeSlicingReplicas, source: 'dcgm' });
  const placed = new Set(byLabels.map((a) => `${a.namespace}\u0000${a.pod}`));
  const nodes = [...new Set(result.requests.map((r) => r.node))];
  const assignment = assignRequests(result.requests, await unitsOfNodes(store, nodes), placed, options.timeSlicingReplicas);
  const all: AllocationRow[] = [...byLabels, ...assignment.rows];
  const firstMinute = new Map<string, number>();
  for (const { unit, first } of spans) firstMinute.set(unit.key, first);
  for (const a of assignment.rows) firstMinute.set(`${a.gpuUuid}\u0000${a.gpuInstance}`, window.fromMinute);
  const allocationRows = await writeAllocations(connection, writer, all, firstMinute, carry, ['dcgm', 'kube-state-metrics']);
  await writer.execute(
    `INSERT INTO gpu_backfill_chunks VALUES ($1, to_timestamp($2 / 1000), to_timestamp($3 / 1000), now(), $4, $5)
     ON CONFLICT (job_key, chunk_start) DO UPDATE SET chunk_end = excluded.chunk_end, finished_at = excluded.finished_at,
       requests = excluded.requests, minute_rows = excluded.minute_rows`,
    [jobKey, window.fromMinute, window.toMinute, result.apiRequests, minutes.length],
  );
  return { minuteRows: minutes.length, allocationRows, unresolved: assignment.unresolved.length };
}

/** Starts of the job's finished chunks. */
async function doneChunks(store: Store, jobKey: string): Promise<Set<number>> {
  const reader = await store.connection.runAndReadAll('SELECT epoch_ms(chunk_start)::DOUBLE AS s FROM gpu_backfill_chunks WHERE job_key = $1', [jobKey]);
  return new Set(reader.getRowObjectsJS().map((r) => Number(r['s'])));
}

/** Where a job's finished chunks end (the newest); undefined before its first chunk. */
export async function jobProgress(store: Store, jobKey: string): Promise<number | undefined> {
  const reader = await store.connection.runAndReadAll('SELECT epoch_ms(max(chunk_end))::DOUBLE AS e FROM gpu_backfill_chunks WHERE job_key = $1', [jobKey]);
  const end = reader.getRowObjectsJS()[0]?.['e'];
  return end === null || end === undefined ? undefined : Number(end);
}

export async function backfill(store: Store, client: PrometheusClient, options: BackfillOptions): Promise<BackfillSummary> {
  const plan = planQueries({ windows: options.windows, lookbackMs: options.lookbackMs, matchers: options.matchers });
  const jobKey = backfillJobKey(options, plan);
  const chunks = planChunks(options.fromMs, options.toMs, options.chunkMs, options.lookbackMs);
  const done = await doneChunks(store, jobKey);
  const writer = new StoreWriter(store.connection);
  const runId = await writer.startRun({ source: PROMETHEUS_API_SOURCE, kind: 'gpu', windowStart: options.fromMs, windowEnd: options.toMs });
  const units = new Set<string>();
  const warnings: string[] = [];
  let skipped = 0;
  let finished = 0;
  let minuteRows = 0;
  let anomalyMinutes = 0;
  let allocationRows = 0;
  let unresolved = 0;
  let requests = 0;
  let interrupted = false;
  try {
    for (const chunk of chunks) {
      if (done.has(chunk.fromMinute)) {
        skipped++;
        options.onProgress?.(skipped + finished, chunks.length, minuteRows);
        continue;
      }
      if (options.signal?.aborted) {
        interrupted = true;
        break;
      }
      const result = await fetchChunk(client, plan, chunk, options);
      requests += result.apiRequests;
      for (const w of result.warnings) if (!warnings.includes(w)) warnings.push(w);
      const written = await writer.transaction(() => writeChunk(store, writer, jobKey, chunk, result, options));
      for (const u of result.units) units.add(u.key);
      finished++;
      minuteRows += written.minuteRows;
      anomalyMinutes += result.anomalyMinutes;
      allocationRows += written.allocationRows;
      unresolved += written.unresolved;
      options.onProgress?.(skipped + finished, chunks.length, minuteRows);
    }
  } catch (error) {
    if (!(options.signal?.aborted ?? false)) {
      await writer.finishRun(runId, { status: 'failed', rows: minuteRows, apiRequests: requests, error: error instanceof Error ? error.message : String(error) });
      throw error;
    }
    interrupted = true;
  }
  if (interrupted) {
    await writer.execute("UPDATE ingest_runs SET status = 'interrupted', error = 'interrupted by the user', rows_written = $1, api_requests = $2, finished_at = now() WHERE run_id = $3", [
      minuteRows,
      requests,
      runId,
    ]);
  } else {
    await writer.finishRun(runId, { status: 'ok', rows: minuteRows + allocationRows, apiRequests: requests });
  }
  return {
    jobKey,
    chunks: chunks.length,
    chunksSkipped: skipped,
    chunksDone: finished,
    interrupted,
    minuteRows,
    units: units.size,
    anomalyMinutes,
    allocationRows,
    unresolvedRequests: unresolved,
    requests,
    warnings,
  };
}
