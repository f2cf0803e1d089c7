/**
 * Sloth specs: `version: prometheus/v1` documents and the `sloth.slok.dev/v1` PrometheusServiceLevel CRD
 * (camelCase keys). Sloth has no period in the spec (its CLI default is 30 days): the caller gives one. Pure.
 */
import { z } from 'zod';
import { SpecError } from '../../../queries/header.ts';
import { labelMap, nonEmpty } from './spec-common.ts';
import { parsePromDuration } from '../prometheus/prom-duration.ts';
import type { AlertWindows, Period, Sli, SloDefinition, WindowPair } from './types.ts';
import { validateItem, type SpecItem } from './yaml-docs.ts';

const eventsSnake = z.object({ error_query: nonEmpty, total_query: nonEmpty }).strict().transform((e) => ({ error: e.error_query, total: e.total_query }));
const eventsCamel = z.object({ errorQuery: nonEmpty, totalQuery: nonEmpty }).strict().transform((e) => ({ error: e.errorQuery, total: e.totalQuery }));
const rawSnake = z.object({ error_ratio_query: nonEmpty }).strict().transform((r) => r.error_ratio_query);
const rawCamel = z.object({ errorRatioQuery: nonEmpty }).strict().transform((r) => r.errorRatioQuery);
const pluginSli = z.object({ id: nonEmpty, options: z.record(z.string(), z.unknown()).optional() }).strict();

const alertSide = z.object({ disable: z.boolean().optional(), labels: labelMap.optional(), annotations: labelMap.optional() }).strict();
const alertingBase = { name: nonEmpty.optional(), labels: labelMap.optional(), annotations: labelMap.optional() };
const alertingSnake = z.object({ ...alertingBase, page_alert: alertSide.optional(), ticket_alert: alertSide.optional() }).strict();
// The CRD's keys are camelCase; Sloth's own CRD examples also spell them in snake_case.
const alertingCamel = z
  .object({ ...alertingBase, pageAlert: alertSide.optional(), ticketAlert: alertSide.optional(), page_alert: alertSide.optional(), ticket_alert: alertSide.optional() })
  .strict();

const pluginChain = z
  .object({
    overridePrevious: z.boolean().optional(),
    chain: z.array(z.object({ id: nonEmpty, priority: z.number().optional(), config: z.unknown().optional() }).strict()).optional(),
  })
  .strict();

function sliSchema<E extends z.ZodType<{ error: string; total: string }>, R extends z.ZodType<string>>(events: E, raw: R) {
  return z
    .object({ events: events.optional(), raw: raw.optional(), plugin: pluginSli.optional() })
    .strict()
    .refine((s) => [s.events, s.raw, s.plugin].filter((x) => x !== undefined).length === 1, { message: 'exactly one of events, raw or plugin' });
}

function sloSchema<E extends z.ZodType<{ error: string; total: string }>, R extends z.ZodType<string>, A extends z.ZodType>(events: E, raw: R, alerting: A) {
  return z
    .object({
      name: nonEmpty,
      objective: z.number().refine((v) => v > 0 && v < 100, { message: 'an objective between 0 and 100 % (100 % leaves no error budget)' }),
      description: z.string().optional(),
      labels: labelMap.optional(),
      sli: sliSchema(events, raw),
      alerting: alerting.optional(),
      plugins: pluginChain.optional(),
    })
    .strict();
}

const prometheusV1 = z
  .object({
    version: z.literal('prometheus/v1'),
    service: nonEmpty,
    labels: labelMap.optional(),
    slo_plugins: pluginChain.optional(),
    slos: z.array(sloSchema(eventsSnake, rawSnake, alertingSnake)).min(1),
  })
  .strict();

const serviceLevelCrd = z
  .object({
    apiVersion: z.literal('sloth.slok.dev/v1'),
    kind: z.literal('PrometheusServiceLevel'),
    metadata: z.object({ name: nonEmpty }).loose(),
    spec: z
      .object({
        service: nonEmpty,
        labels: labelMap.optional(),
        sloPlugins: pluginChain.optional(),
        slos: z.array(sloSchema(eventsCamel, rawCamel, alertingCamel)).min(1),
      })
      .strict(),
  })
  .strict();

type SlothSlo = z.infer<ReturnType<typeof sloSchema<typeof eventsSnake, typeof rawSnake, typeof alertingSnake>>>;

const promDuration = z.string().refine((text) => (parsePromDuration(text) ?? 0) > 0, { message: 'a duration such as 5m, 6h or 30d' });
const windowPair = z.object({ errorBudgetPercent: z.number().gt(0).max(100), shortWindow: promDuration, longWindow: promDuration }).strict();
const alertWindowsDoc = z
  .object({
    apiVersion: z.literal('sloth.slok.dev/v1'),
    kind: z.literal('AlertWindows'),
    spec: z
      .object({
        sloPeriod: promDuration.refine((text) => (parsePromDuration(text) ?? 0) % 86_400_000 === 0, { message: 'whole days, such as 30d' }),
        page: z.object({ quick: windowPair, slow: windowPair }).strict(),
        ticket: z.object({ quick: windowPair, slow: windowPair }).strict(),
      })
      .strict(),
  })
  .strict();

/** True for documents this reader owns. */
export function isSlothItem(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return v['version'] === 'prometheus/v1' || v['apiVersion'] === 'sloth.slok.dev/v1';
}

export function isAlertWindowsItem(value: unknown): boolean {
  return isSlothItem(value) && (value as Record<string, unknown>)['kind'] === 'AlertWindows';
}

/** A Sloth AlertWindows document: the windows of the `sloth` preset for SLOs of its period. */
export function readAlertWindowsItem(file: string, item: SpecItem): { windows: AlertWindows | null; errors: SpecError[] } {
  const parsed = validateItem(file, item, alertWindowsDoc);
  if (!parsed.ok) return { windows: null, errors: parsed.errors };
  const { sloPeriod, page, ticket } = parsed.data.spec;
  const pair = (p: z.infer<typeof windowPair>): WindowPair => ({
    share: p.errorBudgetPercent / 100,
    shortMs: parsePromDuration(p.shortWindow) ?? 0,
    longMs: parsePromDuration(p.longWindow) ?? 0,
  });
  return {
    windows: {
      periodDays: (parsePromDuration(sloPeriod) ?? 0) / 86_400_000,
      pageQuick: pair(page.quick),
      pageSlow: pair(page.slow),
      ticketQuick: pair(ticket.quick),
      ticketSlow: pair(ticket.slow),
      file,
      line: item.line,
    },
    errors: [],
  };
}

export function readSlothItem(file: string, item: SpecItem, period: Period): { slos: SloDefinition[]; errors: SpecError[] } {
  const crd = (item.value as Record<string, unknown>)['apiVersion'] !== undefined;
  const parsed = crd ? validateItem(file, item, serviceLevelCrd) : validateItem(file, item, prometheusV1);
  if (!parsed.ok) return { slos: [], errors: parsed.errors };
  const { service, labels, slos } = 'spec' in parsed.data ? parsed.data.spec : parsed.data;
  const base = crd ? ['spec', 'slos'] : ['slos'];
  const errors: SpecError[] = [];
  const seen = new Set<string>();
  const out: SloDefinition[] = [];
  slos.forEach((slo: SlothSlo, i) => {
    const line = item.lineOf([...base, i]);
    if (seen.has(slo.name)) errors.push(new SpecError(file, item.lineOf([...base, i, 'name']), `SLO "${slo.name}" is defined twice for service ${service}`));
    seen.add(slo.name);
    const { sli, unsupported } = slothSli(slo.sli);
    out.push({
      id: `${service}/${slo.name}`,
      service,
      name: slo.name,
      objective: slo.objective / 100,
      period,
      sli,
      budgetingMethod: 'Occurrences',
      unsupported,
      format: 'sloth',
      description: slo.description ?? null,
      labels: { ...labels, ...slo.labels },
      file,
      line,
    });
  });
  return errors.length > 0 ? { slos: [], errors } : { slos: out, errors };
}

function slothSli(sli: SlothSlo['sli']): { sli: Sli; unsupported: string | null } {
  if (sli.events) return { sli: { kind: 'events', errorQuery: sli.events.error, totalQuery: sli.events.total }, unsupported: null };
  if (sli.raw !== undefined) return { sli: { kind: 'raw', errorRatioQuery: sli.raw }, unsupported: null };
  const id = sli.plugin?.id ?? '';
  return {
    sli: { kind: 'opaque', source: `sloth SLI plugin ${id}` },
    unsupported: `the SLI comes from the Sloth plugin "${id}", whose queries only Sloth knows: give them as sli.events (error_query, total_query)`,
  };
}
