import { z } from 'zod';
import { isValidTimeZone } from '../../queries/time.ts';
import { DEFAULT_GPU_THRESHOLDS } from '../../queries/kpi/definition.ts';
import { costSections } from './cost.ts';
import { reliabilitySections } from './reliability.ts';
import { gpuCollectSection } from './gpu-collect.ts';
import { prometheusEndpointSchema } from '../sources/prometheus/api-config.ts';
import { scrapeConfigSchema } from '../sources/prometheus/scrape-config.ts';

/** Environment variable names only: secrets never live in pulse.yaml. */
const envName = z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'an environment variable name such as PULSE_API_TOKEN');
const ianaZone = z.string().refine(isValidTimeZone, { message: 'an IANA time zone such as Europe/Paris' });
const ratio = z.number().min(0).max(1);

const gpuThresholds = z
  .object({
    idle_activity: ratio.default(DEFAULT_GPU_THRESHOLDS.idle_activity),
    idle_dram: ratio.default(DEFAULT_GPU_THRESHOLDS.idle_dram),
    idle_power_baseline_factor: z.number().positive().default(DEFAULT_GPU_THRESHOLDS.idle_power_baseline_factor),
    idle_power_limit_share: ratio.default(DEFAULT_GPU_THRESHOLDS.idle_power_limit_share),
    suspect_util: ratio.default(DEFAULT_GPU_THRESHOLDS.suspect_util),
    suspect_power_share: ratio.default(DEFAULT_GPU_THRESHOLDS.suspect_power_share),
    min_idle_minutes: z.number().int().min(1).default(DEFAULT_GPU_THRESHOLDS.min_idle_minutes),
    warm_memory_mib: z.number().nonnegative().default(DEFAULT_GPU_THRESHOLDS.warm_memory_mib),
    warm_memory_share: ratio.default(DEFAULT_GPU_THRESHOLDS.warm_memory_share),
  })
  .strict();

const duration = z.string().regex(/^\d+(\.\d+)?(m|h|d)$/, 'a duration such as 90m, 24h or 2d');

/** Delivery (METRICS.md, Delivery): the incident link window and the services of each repository. */
const deliverySection = z
  .object({
    link_window: duration.default('24h'),
    /** Environment names that are production (compared case-insensitively); deployments in them are stored as `production`. */
    production_environments: z.array(z.string().min(1)).default(['production', 'prod']),
    services: z
      .array(
        z
          .object({
            name: z.string().min(1),
            repository: z.string().regex(/^[^\s/]+(\/[^\s/]+)+$/, 'a repository path such as acme/ranker or group/sub/project'),
            paths: z.array(z.string().min(1)).default([]),
            team: z.string().min(1).optional(),
          })
          .strict(),
      )
      .default([]),
  })
  .strict();

const githubSection = z
  .object({
    token_env: envName.default('GITHUB_TOKEN'),
    /** REST API root; GitHub Enterprise Server: https://HOST/api/v3. */
    api_url: z.url().default('https://api.github.com'),
    /** owner/name, or owner/* for every repository of an organization or user. */
    repositories: z.array(z.string().regex(/^[^\s/]+\/[^\s/]+$/, 'owner/name or owner/*')).default([]),
  })
  .strict();

const gitlabSection = z
  .object({
    url: z.url().default('https://gitlab.com'),
    token_env: envName.default('GITLAB_TOKEN'),
    /** Project paths (group/project) or numeric ids. */
    projects: z.array(z.string().min(1)).default([]),
  })
  .strict();

const webhooksSection = z
  .object({
    github_secret_env: envName.default('PULSE_GITHUB_WEBHOOK_SECRET'),
    gitlab_token_env: envName.default('PULSE_GITLAB_WEBHOOK_TOKEN'),
    events_token_env: envName.default('PULSE_EVENTS_TOKEN'),
    max_body_bytes: z.number().int().min(1024).max(100 * 1024 * 1024).default(5 * 1024 * 1024),
  })
  .strict();

export const configSchema = z
  .object({
    version: z.literal(1),
    timezone: ianaZone.default('UTC'),
    gpu: z.object({ thresholds: gpuThresholds.prefault({}), collect: gpuCollectSection.prefault({}) }).strict().prefault({}),
    /** A Prometheus-compatible API (Prometheus, Thanos, Mimir, VictoriaMetrics) that `pulse collect` reads. */
    prometheus: prometheusEndpointSchema.optional(),
    /** Targets `pulse collect` scrapes itself (dcgm-exporter endpoints). */
    scrape: scrapeConfigSchema.prefault({}),
    teams: z
      .array(z.object({ id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'a lowercase team id'), name: z.string().min(1) }).strict())
      .default([]),
    ownership: z
      .array(
        z
          .object({
            namespace: z.string().min(1),
            team: z.string().min(1),
            service: z.string().min(1).optional(),
          })
          .strict(),
      )
      .default([]),
    delivery: deliverySection.prefault({}),
    github: githubSection.prefault({}),
    gitlab: gitlabSection.prefault({}),
    webhooks: webhooksSection.prefault({}),
    ...costSections,
    ...reliabilitySections,
    serve: z
      .object({
        host: z.string().default('127.0.0.1'),
        port: z.number().int().min(1).max(65535).default(7420),
        token_env: envName.default('PULSE_API_TOKEN'),
      })
      .strict()
      .prefault({}),
  })
  .strict();

export type PulseConfig = z.infer<typeof configSchema>;
