/**
 * pulse.yaml's defaults: what `configSchema.parse({ version: 1 })` gives (config/load.test.ts checks that they
 * agree), written out so that a command run without a pulse.yaml does not load zod and build the schema, which
 * costs about 60 ms of every command's start-up.
 */
import { DEFAULT_GPU_THRESHOLDS } from '../../queries/kpi/definition.ts';
import type { PulseConfig } from './schema.ts';

export const DEFAULT_CONFIG: PulseConfig = {
  version: 1,
  timezone: 'UTC',
  gpu: {
    thresholds: { ...DEFAULT_GPU_THRESHOLDS },
    collect: {
      cluster: 'default',
      cluster_label: 'cluster',
      scrape_interval: 15_000,
      interval: 60_000,
      lag: 120_000,
      backfill_chunk: 6 * 3_600_000,
      range_windows: 'auto',
      time_slicing_replicas: null,
      raw_retention: 7 * 86_400_000,
      kube_state_metrics: true,
    },
  },
  scrape: {
    concurrency: 16,
    jobs: [],
  },
  teams: [],
  ownership: [],
  delivery: {
    link_window: '24h',
    production_environments: ['production', 'prod'],
    services: [],
  },
  github: {
    token_env: 'GITHUB_TOKEN',
    api_url: 'https://api.github.com',
    repositories: [],
  },
  gitlab: {
    url: 'https://gitlab.com',
    token_env: 'GITLAB_TOKEN',
    projects: [],
  },
  webhooks: {
    github_secret_env: 'PULSE_GITHUB_WEBHOOK_SECRET',
    gitlab_token_env: 'PULSE_GITLAB_WEBHOOK_TOKEN',
    events_token_env: 'PULSE_EVENTS_TOKEN',
    max_body_bytes: 5 * 1024 * 1024,
  },
  aws: {
    region: 'us-east-1',
    group_by: ['SERVICE', 'USAGE_TYPE'],
  },
  prices: [],
  attribution: {
    team_tags: ['team'],
    service_tags: ['service'],
    cluster_tags: ['eks:cluster-name', 'aws:eks:cluster-name', 'cluster'],
    rules: [],
  },
  inference: {
    low_volume: 1_000,
    request_counters: [],
  },
  slo: {
    specs: [],
    sloth_period: '30d',
  },
  alertmanager: {
    token_env: 'PULSE_ALERTMANAGER_TOKEN',
  },
  serve: {
    host: '127.0.0.1',
    port: 7420,
    token_env: 'PULSE_API_TOKEN',
  },
};
