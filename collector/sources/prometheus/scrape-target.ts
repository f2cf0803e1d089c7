/**
 * The scrape target model and its pure construction.
 *
 * - `ScrapeSettings`: how a job scrapes (interval, timeout, scheme, path, auth, TLS, gzip, filters, extra
 *   labels); `scrapeSettings({ job, ... })` fills in Prometheus-like defaults.
 * - `ScrapeTarget`: one endpoint: its URL, job and target labels (`job`, `instance`, the job's extra labels and
 *   its group's labels), with the settings of its job.
 * - Target groups are Prometheus' static_configs / file_sd format, `[{ targets: ["host:port"], labels: {...} }]`,
 *   in JSON or YAML; `__scheme__`, `__metrics_path__` and `__param_<name>` labels override the job's URL parts
 *   per group, other `__` labels are not kept.
 */
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { Labels } from './exposition-types.ts';
import type { HttpAuth } from './http-auth.ts';
import { compileMetricFilter, type MetricFilter } from './scrape-filter.ts';

/** `openmetrics` negotiates OpenMetrics first and accepts text 0.0.4; `text` asks for text 0.0.4 only. */
export type ScrapeAccept = 'openmetrics' | 'text';

/** TLS material as PEM text (already read from files by the caller). */
export interface TlsMaterial {
  readonly ca?: string | undefined;
  readonly cert?: string | undefined;
  readonly key?: string | undefined;
  readonly serverName?: string | undefined;
  readonly insecureSkipVerify: boolean;
}

export interface ScrapeSettings {
  readonly job: string;
  readonly intervalMs: number;
  readonly timeoutMs: number;
  readonly scheme: 'http' | 'https';
  readonly metricsPath: string;
  /** Extra labels for every target of the job (group labels override them). */
  readonly labels: Labels;
  readonly honorLabels: boolean;
  readonly gzip: boolean;
  readonly accept: ScrapeAccept;
  readonly auth: HttpAuth | undefined;
  readonly tls: TlsMaterial | undefined;
  readonly metricFilter: MetricFilter;
}

export interface ScrapeTarget {
  readonly url: string;
  readonly job: string;
  /** Added to every sample of the target: `job`, `instance` and any extra labels. */
  readonly labels: Labels;
  readonly settings: ScrapeSettings;
}

export interface TargetGroup {
  readonly targets: readonly string[];
  readonly labels: Labels;
}

export interface ScrapeSettingsInput extends Partial<Omit<ScrapeSettings, 'metricFilter'>> {
  readonly job: string;
  readonly keep?: readonly string[];
  readonly drop?: readonly string[];
}

/** Defaults: 30 s interval (dcgm-exporter collects every 30 s), 10 s timeout, `http`, `/metrics`, gzip. */
export function scrapeSettings(input: ScrapeSettingsInput): ScrapeSettings {
  const { keep, drop, ...rest } = input;
  return {
    intervalMs: 30_000,
    timeoutMs: 10_000,
    scheme: 'http',
    metricsPath: '/metrics',
    labels: {},
    honorLabels: false,
    gzip: true,
    accept: 'openmetrics',
    auth: undefined,
    tls: undefined,
    ...rest,
    metricFilter: compileMetricFilter({ keep: keep ?? [], drop: drop ?? [] }),
  };
}

export const labelNameSchema = z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, 'a label name such as cluster or __metrics_path__');
export const labelSetSchema = z.record(labelNameSchema, z.string());

const targetGroupSchema = z
  .object({
    targets: z.array(z.string().regex(/^[^\s/?#@]+$/, 'host:port without scheme, path or credentials')),
    labels: labelSetSchema
      .refine((labels) => labels.__scheme__ === undefined || labels.__scheme__ === 'http' || labels.__scheme__ === 'https', {
        message: '__scheme__ must be http or https',
      })
      .refine((labels) => labels.__metrics_path__ === undefined || labels.__metrics_path__.startsWith('/'), { message: '__metrics_path__ must start with /' })
      .default({}),
  })
  .strict();

/** Prometheus' static_configs / file_sd target group list. */
export const targetGroupsSchema = z.array(targetGroupSchema);

/** A target group file that is not valid JSON/YAML or not a target group list. */
export class TargetGroupError extends Error {
  override readonly name = 'TargetGroupError';
}

/** @throws TargetGroupError with the path of the first invalid entry. */
export function parseTargetGroups(text: string, format: 'json' | 'yaml'): TargetGroup[] {
  let document: unknown;
  try {
    document = format === 'json' ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new TargetGroupError(`invalid ${format.toUpperCase()}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  // An empty YAML file is an empty list, as in Prometheus.
  const parsed = targetGroupsSchema.safeParse(document ?? []);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue === undefined || issue.path.length === 0 ? 'the document' : issue.path.join('.');
    throw new TargetGroupError(`${where}: ${issue?.message ?? 'expected a list of {targets, labels}'}`);
  }
  return parsed.data;
}

function targetUrl(address: string, groupLabels: Labels, settings: ScrapeSettings): string {
  const url = new URL(`${groupLabels.__scheme__ ?? settings.scheme}://${address}${groupLabels.__metrics_path__ ?? settings.metricsPath}`);
  for (const [name, value] of Object.entries(groupLabels)) {
    if (name.startsWith('__param_')) url.searchParams.set(name.slice('__param_'.length), value);
  }
  return url.href;
}

/** The targets of some groups under a job's settings. @throws TypeError for an address that makes no URL. */
export function buildTargets(groups: readonly TargetGroup[], settings: ScrapeSettings): ScrapeTarget[] {
  const targets: ScrapeTarget[] = [];
  for (const group of groups) {
    const visible = Object.fromEntries(Object.entries(group.labels).filter(([name]) => !name.startsWith('__')));
    for (const address of group.targets) {
      const labels: Labels = { job: settings.job, ...settings.labels, ...visible, instance: visible.instance ?? address };
      targets.push({ url: targetUrl(address, group.labels, settings), job: labels.job ?? settings.job, labels, settings });
    }
  }
  return targets;
}
