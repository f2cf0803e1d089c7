/**
 * Config form of scraping, for a section of pulse.yaml, and its resolution into runnable jobs. Secrets are
 * named by environment variable and read from the `env` the caller passes; TLS files and file_sd paths are
 * relative to `baseDir` (the config file's folder).
 *
 *   concurrency: 16
 *   jobs:
 *     - job: dcgm
 *       interval: 30s
 *       timeout: 10s
 *       static_configs: [{ targets: ["gpu-node-1:9400"], labels: { cluster: train } }]
 *       file_sd: [targets/dcgm.yaml]
 *       labels: { region: eu }
 *       keep_metrics: ["DCGM_FI_.*"]
 *       bearer_token_env: DCGM_TOKEN
 *       tls: { ca_file: ca.pem, insecure_skip_verify: false }
 */
import { resolve } from 'node:path';
import { z } from 'zod';
import { FileSdDiscovery, fileSdFormat, nodeFileSystem, type DiscoveryError, type DiscoverySnapshot, type FileSdFileSystem } from './file-sd.ts';
import { exclusiveAuth, httpAuthConfigFields, resolveHttpAuth, type Environment } from './http-auth.ts';
import { promDurationSchema } from './prom-duration-schema.ts';
import { anchoredAlternation } from './scrape-filter.ts';
import { buildTargets, labelSetSchema, scrapeSettings, targetGroupsSchema, type ScrapeSettings, type ScrapeTarget, type TlsMaterial } from './scrape-target.ts';

const regexSchema = z.string().refine(
  (pattern) => {
    try {
      anchoredAlternation([pattern]);
      return true;
    } catch {
      return false;
    }
  },
  { message: 'a valid regular expression' },
);

const tlsSchema = z
  .object({
    ca_file: z.string().min(1).optional(),
    cert_file: z.string().min(1).optional(),
    key_file: z.string().min(1).optional(),
    server_name: z.string().min(1).optional(),
    insecure_skip_verify: z.boolean().default(false),
  })
  .strict()
  .refine((tls) => (tls.cert_file === undefined) === (tls.key_file === undefined), { message: 'cert_file and key_file go together', path: ['key_file'] });

export const scrapeJobSchema = z
  .object({
    job: z.string().min(1),
    interval: promDurationSchema.default(30_000),
    timeout: promDurationSchema.default(10_000),
    scheme: z.enum(['http', 'https']).default('http'),
    metrics_path: z.string().startsWith('/').default('/metrics'),
    static_configs: targetGroupsSchema.default([]),
    /** file_sd target files (JSON or YAML), re-read when they change. */
    file_sd: z.array(z.string().refine((path) => fileSdFormat(path) !== undefined, 'a .json, .yml or .yaml file')).default([]),
    /** Extra labels on every sample of the job. */
    labels: labelSetSchema.default({}),
    honor_labels: z.boolean().default(false),
    gzip: z.boolean().default(true),
    accept: z.enum(['openmetrics', 'text']).default('openmetrics'),
    ...httpAuthConfigFields,
    tls: tlsSchema.optional(),
    /** Metric names (regexes, whole-name match) to keep; empty keeps all. */
    keep_metrics: z.array(regexSchema).default([]),
    drop_metrics: z.array(regexSchema).default([]),
  })
  .strict()
  .superRefine(exclusiveAuth)
  .refine((job) => job.timeout <= job.interval, { message: 'timeout must not exceed interval', path: ['timeout'] });

export const scrapeConfigSchema = z
  .object({
    /** Targets scraped at the same time, across jobs. */
    concurrency: z.number().int().min(1).max(1000).default(16),
    jobs: z.array(scrapeJobSchema).default([]),
  })
  .strict()
  .superRefine((config, ctx) => {
    const seen = new Set<string>();
    config.jobs.forEach((job, i) => {
      if (seen.has(job.job)) ctx.addIssue({ code: 'custom', path: ['jobs', i, 'job'], message: `duplicate job name ${job.job}` });
      seen.add(job.job);
    });
  });

export type ScrapeJobConfig = z.infer<typeof scrapeJobSchema>;
export type ScrapeConfig = z.infer<typeof scrapeConfigSchema>;

export interface ScrapeJob {
  readonly settings: ScrapeSettings;
  readonly staticTargets: readonly ScrapeTarget[];
  readonly discovery: FileSdDiscovery | undefined;
}

export interface ResolveScrapeOptions {
  readonly env: Environment;
  /** Folder that relative TLS and file_sd paths are resolved against. */
  readonly baseDir: string;
  readonly fileSystem?: FileSdFileSystem;
}

async function loadTls(config: NonNullable<ScrapeJobConfig['tls']>, read: (path: string) => Promise<string>): Promise<TlsMaterial> {
  const optional = async (path: string | undefined): Promise<string | undefined> => (path === undefined ? undefined : read(path));
  return {
    ca: await optional(config.ca_file),
    cert: await optional(config.cert_file),
    key: await optional(config.key_file),
    serverName: config.server_name,
    insecureSkipVerify: config.insecure_skip_verify,
  };
}

/**
 * Jobs ready to scrape: secrets resolved, TLS files read, static targets built, file_sd set up.
 * @throws MissingSecretError for an unset secret variable; the file system's error for an unreadable TLS file.
 */
export async function resolveScrapeConfig(config: ScrapeConfig, options: ResolveScrapeOptions): Promise<ScrapeJob[]> {
  const fileSystem = options.fileSystem ?? nodeFileSystem;
  const read = (path: string): Promise<string> => fileSystem.readFile(resolve(options.baseDir, path));
  const jobs: ScrapeJob[] = [];
  for (const job of config.jobs) {
    const settings = scrapeSettings({
      job: job.job,
      intervalMs: job.interval,
      timeoutMs: job.timeout,
      scheme: job.scheme,
      metricsPath: job.metrics_path,
      labels: job.labels,
      honorLabels: job.honor_labels,
      gzip: job.gzip,
      accept: job.accept,
      auth: resolveHttpAuth(job, options.env),
      tls: job.tls === undefined ? undefined : await loadTls(job.tls, read),
      keep: job.keep_metrics,
      drop: job.drop_metrics,
    });
    const files = job.file_sd.map((path) => resolve(options.baseDir, path));
    jobs.push({
      settings,
      staticTargets: buildTargets(job.static_configs, settings),
      discovery: files.length === 0 ? undefined : new FileSdDiscovery(files, settings, fileSystem),
    });
  }
  return jobs;
}

/** Every job's targets now (file_sd refreshed), with the discovery errors; call once per cycle. */
export async function currentTargets(jobs: readonly ScrapeJob[]): Promise<DiscoverySnapshot> {
  const targets: ScrapeTarget[] = [];
  const errors: DiscoveryError[] = [];
  for (const job of jobs) {
    targets.push(...job.staticTargets);
    if (job.discovery === undefined) continue;
    const snapshot = await job.discovery.refresh();
    targets.push(...snapshot.targets);
    errors.push(...snapshot.errors);
  }
  return { targets, errors };
}
