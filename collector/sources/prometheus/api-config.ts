/**
 * Config form of a Prometheus-compatible API endpoint (Prometheus, Thanos, Mimir, VictoriaMetrics), for a
 * section of pulse.yaml, and its resolution into `PrometheusClientOptions`. Secrets are named by environment
 * variable (`bearer_token_env`, `basic_auth.password_env`) and read from the `env` the caller passes.
 *
 *   url: http://mimir.monitoring:8080/prometheus
 *   headers: { X-Scope-OrgID: gpu-fleet }
 *   bearer_token_env: MIMIR_TOKEN
 *   timeout: 2m
 */
import { z } from 'zod';
import { MAX_POINTS_PER_SERIES } from './api-chunks.ts';
import type { PrometheusClientOptions } from './api.ts';
import { exclusiveAuth, httpAuthConfigFields, resolveHttpAuth, type Environment } from './http-auth.ts';
import { promDurationSchema } from './prom-duration-schema.ts';

export const prometheusEndpointSchema = z
  .object({
    /** API root with any path prefix; credentials belong in the auth fields, not here. */
    url: z.url({ protocol: /^https?$/ }).refine((text) => !/^[a-z]+:\/\/[^/]*@/i.test(text), 'credentials belong in bearer_token_env or basic_auth, not the URL'),
    headers: z.record(z.string().regex(/^[A-Za-z0-9-]+$/, 'an HTTP header name'), z.string()).default({}),
    ...httpAuthConfigFields,
    /** Per request. */
    timeout: promDurationSchema.default(120_000),
    retries: z.number().int().min(0).max(10).default(3),
    method: z.enum(['auto', 'GET', 'POST']).default('auto'),
    /** Lower it for fleet-wide queries that hit the server's sample limit; VictoriaMetrics accepts more. */
    max_points_per_series: z.number().int().min(1).default(MAX_POINTS_PER_SERIES),
  })
  .strict()
  .superRefine(exclusiveAuth);

export type PrometheusEndpointConfig = z.infer<typeof prometheusEndpointSchema>;

/**
 * Client options for `new PrometheusClient(...)`; add `fetch`, `onNotes` and the like as needed.
 * @throws MissingSecretError when a named environment variable is unset or empty.
 */
export function resolvePrometheusEndpoint(config: PrometheusEndpointConfig, env: Environment): PrometheusClientOptions {
  const auth = resolveHttpAuth(config, env);
  return {
    baseUrl: config.url,
    headers: config.headers,
    ...(auth === undefined ? {} : { auth }),
    timeoutMs: config.timeout,
    retry: { retries: config.retries },
    method: config.method,
    maxPointsPerSeries: config.max_points_per_series,
  };
}
