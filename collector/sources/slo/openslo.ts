/**
 * OpenSLO documents: `openslo/v1` (SLO with a ratioMetric indicator, inline or by indicatorRef to an SLI of the
 * same file; `timeWindow` rolling or calendar) and `openslo/v1alpha` (as Sloth reads it: `ratioMetrics`,
 * `timeWindows` with count and unit). Services and the other kinds are checked and otherwise ignored. Pure.
 *
 * An SLO that is valid OpenSLO but that Pulse cannot evaluate (a thresholdMetric, a non-Prometheus source,
 * time-slice budgeting) still loads, with `unsupported` saying why: its KPI row is null with that reason.
 */
import { z } from 'zod';
import { SpecError } from '../../../queries/header.ts';
import { dnsLabel, nonEmpty } from './spec-common.ts';
import { periodFromCountUnit, periodFromDuration, type PeriodResult } from './period.ts';
import type { Sli, SloDefinition } from './types.ts';
import { validateItem, type SpecItem } from './yaml-docs.ts';

const target = z.number().refine((v) => v > 0 && v < 1, { message: 'a target between 0 and 1 (1 leaves no error budget)' });

const metadataV1 = z
  .object({
    name: dnsLabel,
    displayName: z.string().optional(),
    labels: z.record(z.string(), z.union([z.string(), z.array(z.string())])).optional(),
    annotations: z.record(z.string(), z.string()).optional(),
  })
  .strict();

const metricV1 = z
  .object({
    metricSource: z.object({ metricSourceRef: z.string().optional(), type: z.string().optional(), spec: z.record(z.string(), z.unknown()) }).strict(),
  })
  .strict();

const ratioMetricV1 = z
  .object({
    counter: z.boolean().optional(),
    good: metricV1.optional(),
    bad: metricV1.optional(),
    total: metricV1.optional(),
    rawType: z.enum(['success', 'failure']).optional(),
    raw: metricV1.optional(),
  })
  .strict();

const sliSpecV1 = z
  .object({ description: z.string().optional(), ratioMetric: ratioMetricV1.optional(), thresholdMetric: metricV1.optional() })
  .strict()
  .refine((s) => (s.ratioMetric === undefined) !== (s.thresholdMetric === undefined), { message: 'exactly one of ratioMetric or thresholdMetric' });

const inlineSliV1 = z.object({ metadata: z.object({ name: nonEmpty, displayName: z.string().optional() }).loose(), spec: sliSpecV1 }).strict();

const timeWindowV1 = z
  .object({
    duration: nonEmpty,
    isRolling: z.boolean().default(true),
    calendar: z.object({ startTime: z.string(), timeZone: nonEmpty }).strict().optional(),
  })
  .strict();

const objectiveV1 = z
  .object({
    displayName: z.string().optional(),
    op: z.enum(['lte', 'gte', 'lt', 'gt']).optional(),
    value: z.number().optional(),
    target: target.optional(),
    targetPercent: z.number().refine((v) => v > 0 && v < 100, { message: 'a targetPercent between 0 and 100 (100 % leaves no error budget)' }).optional(),
    timeSliceTarget: z.number().gt(0).max(1).optional(),
    timeSliceWindow: z.string().optional(),
    indicator: inlineSliV1.optional(),
    indicatorRef: z.string().optional(),
    compositeWeight: z.number().optional(),
  })
  .strict()
  .refine((o) => (o.target === undefined) !== (o.targetPercent === undefined), { message: 'exactly one of target or targetPercent' });

const budgeting = z.enum(['Occurrences', 'Timeslices', 'RatioTimeslices']);

const sloV1 = z
  .object({
    apiVersion: z.literal('openslo/v1'),
    kind: z.literal('SLO'),
    metadata: metadataV1,
    spec: z
      .object({
        description: z.string().optional(),
        service: nonEmpty,
        indicator: inlineSliV1.optional(),
        indicatorRef: z.string().optional(),
        timeWindow: z.array(timeWindowV1).length(1),
        budgetingMethod: budgeting,
        objectives: z.array(objectiveV1).min(1),
        alertPolicies: z.array(z.unknown()).nullish(),
      })
      .strict(),
  })
  .strict();

const sliDocV1 = z.object({ apiVersion: z.literal('openslo/v1'), kind: z.literal('SLI'), metadata: metadataV1, spec: sliSpecV1 }).strict();

const serviceV1 = z
  .object({ apiVersion: z.literal('openslo/v1'), kind: z.literal('Service'), metadata: metadataV1, spec: z.object({ description: z.string().optional() }).strict().optional() })
  .strict();

const alphaQuery = z.object({ source: nonEmpty, queryType: nonEmpty, query: nonEmpty, metadata: z.unknown().optional() }).strict();

const metadataAlpha = z.object({ name: dnsLabel, displayName: z.string().optional() }).strict();

const sloAlpha = z
  .object({
    apiVersion: z.literal('openslo/v1alpha'),
    kind: z.literal('SLO'),
    metadata: metadataAlpha,
    spec: z
      .object({
        service: nonEmpty,
        description: z.string().optional(),
        budgetingMethod: budgeting,
        indicator: z.object({ thresholdMetric: alphaQuery }).strict().optional(),
        objectives: z
          .array(
            z
              .object({
                displayName: z.string().optional(),
                op: z.enum(['lte', 'gte', 'lt', 'gt']).optional(),
                value: z.number().optional(),
                target,
                timeSliceTarget: z.number().gt(0).max(1).optional(),
                ratioMetrics: z.object({ good: alphaQuery, total: alphaQuery, incremental: z.boolean().optional() }).strict().optional(),
              })
              .strict(),
          )
          .min(1),
        timeWindows: z
          .array(
            z
              .object({
                count: z.number().int().positive(),
                unit: nonEmpty,
                isRolling: z.boolean().default(true),
                calendar: z.object({ startTime: z.string(), timeZone: nonEmpty }).strict().optional(),
              })
              .strict(),
          )
          .length(1),
      })
      .strict(),
  })
  .strict();

const serviceAlpha = z
  .object({ apiVersion: z.literal('openslo/v1alpha'), kind: z.literal('Service'), metadata: metadataAlpha, spec: z.object({ description: z.string().optional() }).strict().optional() })
  .strict();

/** Kinds that carry no SLO: their shape is left to OpenSLO tooling. */
const OTHER_KINDS = new Set(['DataSource', 'AlertPolicy', 'AlertCondition', 'AlertNotificationTarget']);

export const OPENSLO_VERSIONS = ['openslo/v1', 'openslo/v1alpha'] as const;

export function isOpenSloItem(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const version = (value as Record<string, unknown>)['apiVersion'];
  return typeof version === 'string' && version.startsWith('openslo');
}

interface SliSource {
  sli: Sli;
  unsupported: string | null;
}

/**
 * Reads the OpenSLO items of one file (SLI documents first, so indicatorRef resolves within the file).
 * Items that are not OpenSLO are not given here.
 */
export function readOpenSloItems(file: string, items: readonly SpecItem[]): { slos: SloDefinition[]; errors: SpecError[] } {
  const errors: SpecError[] = [];
  const slis = new Map<string, z.infer<typeof sliSpecV1>>();
  for (const item of items) {
    if (kindOf(item) !== 'SLI') continue;
    const parsed = validateItem(file, item, sliDocV1);
    if (parsed.ok) slis.set(parsed.data.metadata.name, parsed.data.spec);
    else errors.push(...parsed.errors);
  }
  const slos: SloDefinition[] = [];
  for (const item of items) {
    const version = (item.value as Record<string, unknown>)['apiVersion'];
    const kind = kindOf(item);
    if (!OPENSLO_VERSIONS.includes(version as (typeof OPENSLO_VERSIONS)[number])) {
      errors.push(new SpecError(file, item.lineOf(['apiVersion']), `apiVersion "${String(version)}" is not supported (expected ${OPENSLO_VERSIONS.join(' or ')})`));
    } else if (kind === 'SLO') {
      const read = version === 'openslo/v1' ? readSloV1(file, item, slis) : readSloAlpha(file, item);
      slos.push(...read.slos);
      errors.push(...read.errors);
    } else if (kind === 'Service') {
      const parsed = validateItem(file, item, version === 'openslo/v1' ? serviceV1 : serviceAlpha);
      if (!parsed.ok) errors.push(...parsed.errors);
    } else if (kind !== 'SLI' && !OTHER_KINDS.has(String(kind))) {
      errors.push(new SpecError(file, item.lineOf(['kind']), `kind "${String(kind)}" is not an OpenSLO kind (SLO, SLI, Service, DataSource, AlertPolicy, AlertCondition, AlertNotificationTarget)`));
    }
  }
  return errors.length > 0 ? { slos: [], errors } : { slos, errors };
}

function kindOf(item: SpecItem): unknown {
  return (item.value as Record<string, unknown>)['kind'];
}

function readSloV1(file: string, item: SpecItem, slis: ReadonlyMap<string, z.infer<typeof sliSpecV1>>): { slos: SloDefinition[]; errors: SpecError[] } {
  const parsed = validateItem(file, item, sloV1);
  if (!parsed.ok) return { slos: [], errors: parsed.errors };
  const { metadata, spec } = parsed.data;
  const window = spec.timeWindow[0] as z.infer<typeof timeWindowV1>;
  const period = periodFromDuration(window.duration, window.isRolling, window.calendar?.timeZone ?? 'UTC');
  const periodError = checkPeriod(file, item, ['spec', 'timeWindow', 0], window.isRolling, window.calendar !== undefined, period);
  if (periodError || !period.ok) return { slos: [], errors: periodError ? [periodError] : [] };
  const slos = spec.objectives.map((objective, i): SloDefinition => {
    const ref = objective.indicatorRef ?? spec.indicatorRef;
    const indicator = objective.indicator?.spec ?? spec.indicator?.spec ?? (ref ? slis.get(ref) : undefined);
    const source: SliSource = indicator
      ? sliFromV1(indicator)
      : { sli: { kind: 'opaque', source: `indicatorRef ${ref ?? ''}` }, unsupported: ref ? `indicatorRef "${ref}": no SLI of that name in this file` : 'the SLO has no indicator' };
    return definition(file, item.lineOf(['spec', 'objectives', i]), metadata.name, spec.service, spec.objectives.length, i, {
      objective: objective.target ?? (objective.targetPercent ?? 0) / 100,
      period: period.period,
      budgetingMethod: spec.budgetingMethod,
      description: spec.description ?? null,
      labels: flattenLabels(metadata.labels),
      ...source,
    });
  });
  return { slos, errors: [] };
}

function readSloAlpha(file: string, item: SpecItem): { slos: SloDefinition[]; errors: SpecError[] } {
  const parsed = validateItem(file, item, sloAlpha);
  if (!parsed.ok) return { slos: [], errors: parsed.errors };
  const { metadata, spec } = parsed.data;
  const window = spec.timeWindows[0] as (typeof spec.timeWindows)[number];
  const period = periodFromCountUnit(window.count, window.unit, window.isRolling, window.calendar?.timeZone ?? 'UTC');
  const periodError = checkPeriod(file, item, ['spec', 'timeWindows', 0], window.isRolling, window.calendar !== undefined, period);
  if (periodError || !period.ok) return { slos: [], errors: periodError ? [periodError] : [] };
  const slos = spec.objectives.map((objective, i): SloDefinition => {
    const source: SliSource = objective.ratioMetrics
      ? sliFromQueries(objective.ratioMetrics.good, objective.ratioMetrics.total)
      : { sli: { kind: 'opaque', source: 'thresholdMetric' }, unsupported: thresholdReason };
    return definition(file, item.lineOf(['spec', 'objectives', i]), metadata.name, spec.service, spec.objectives.length, i, {
      objective: objective.target,
      period: period.period,
      budgetingMethod: spec.budgetingMethod,
      description: spec.description ?? null,
      labels: {},
      ...source,
    });
  });
  return { slos, errors: [] };
}

function checkPeriod(file: string, item: SpecItem, at: PropertyKey[], rolling: boolean, hasCalendar: boolean, period: PeriodResult): SpecError | null {
  if (!period.ok) return new SpecError(file, item.lineOf(at), period.reason);
  if (!rolling && !hasCalendar) return new SpecError(file, item.lineOf(at), 'a calendar time window (isRolling: false) needs calendar.startTime and calendar.timeZone');
  return null;
}

const thresholdReason = 'a thresholdMetric SLI compares single values to a threshold: Pulse evaluates ratio SLIs (bad and total events)';

function sliFromV1(indicator: z.infer<typeof sliSpecV1>): SliSource {
  const ratio = indicator.ratioMetric;
  if (!ratio) return { sli: { kind: 'opaque', source: 'thresholdMetric' }, unsupported: thresholdReason };
  if (ratio.raw) return { sli: { kind: 'opaque', source: 'ratioMetric raw' }, unsupported: 'a raw ratioMetric (a precomputed ratio) has no events to count: give good or bad, and total' };
  const total = promQuery(ratio.total);
  const good = promQuery(ratio.good);
  const bad = promQuery(ratio.bad);
  const problem = [total, good, bad].find((q) => q?.ok === false);
  if (problem?.ok === false) return { sli: { kind: 'opaque', source: problem.source }, unsupported: problem.reason };
  if (total?.ok && good?.ok) return { sli: { kind: 'good-total', goodQuery: good.query, totalQuery: total.query }, unsupported: null };
  if (total?.ok && bad?.ok) return { sli: { kind: 'bad-total', badQuery: bad.query, totalQuery: total.query }, unsupported: null };
  return { sli: { kind: 'opaque', source: 'ratioMetric' }, unsupported: 'a ratioMetric needs total and one of good or bad' };
}

type Query = { ok: true; query: string } | { ok: false; source: string; reason: string };

function promQuery(metric: z.infer<typeof metricV1> | undefined): Query | undefined {
  if (!metric) return undefined;
  const { type, metricSourceRef, spec } = metric.metricSource;
  const source = type ?? metricSourceRef ?? 'unknown';
  const query = spec['query'] ?? spec['promql'];
  if (type?.toLowerCase() !== 'prometheus') {
    return { ok: false, source, reason: `metricSource type "${source}": Pulse evaluates Prometheus sources (PromQL queries)` };
  }
  if (typeof query !== 'string' || query === '') return { ok: false, source, reason: 'a Prometheus metricSource needs spec.query' };
  return { ok: true, query };
}

function sliFromQueries(good: z.infer<typeof alphaQuery>, total: z.infer<typeof alphaQuery>): SliSource {
  for (const q of [good, total]) {
    if (q.source.toLowerCase() !== 'prometheus' || q.queryType.toLowerCase() !== 'promql') {
      return { sli: { kind: 'opaque', source: q.source }, unsupported: `source "${q.source}" (${q.queryType}): Pulse evaluates Prometheus sources (PromQL queries)` };
    }
  }
  return { sli: { kind: 'good-total', goodQuery: good.query, totalQuery: total.query }, unsupported: null };
}

interface Parts {
  objective: number;
  period: SloDefinition['period'];
  budgetingMethod: string;
  description: string | null;
  labels: Record<string, string>;
  sli: Sli;
  unsupported: string | null;
}

/** One SLO per objective: the SLO's name, with `-i` when it has several (Sloth names them all `-i`). */
function definition(file: string, line: number, name: string, service: string, objectives: number, i: number, parts: Parts): SloDefinition {
  const sloName = objectives > 1 ? `${name}-${i}` : name;
  const budgeting =
    parts.budgetingMethod === 'Occurrences'
      ? null
      : `budgetingMethod ${parts.budgetingMethod} counts good time slices: Pulse evaluates Occurrences (bad ÷ total events)`;
  return {
    id: `${service}/${sloName}`,
    service,
    name: sloName,
    format: 'openslo',
    file,
    line,
    ...parts,
    unsupported: parts.unsupported ?? budgeting,
  };
}

function flattenLabels(labels: Record<string, string | string[]> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(labels ?? {}).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : v]));
}
