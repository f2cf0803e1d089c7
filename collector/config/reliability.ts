/**
 * The reliability sections of pulse.yaml: `slo` (spec files to load, the period of Sloth specs, the
 * Prometheus-compatible API the SLIs are pushed down to) and `alertmanager` (the webhook receiver's token).
 * Schemas only; secrets are named by environment variable.
 */
import { z } from 'zod';
import { prometheusEndpointSchema } from '../sources/prometheus/api-config.ts';

const envName = z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'an environment variable name such as PULSE_ALERTMANAGER_TOKEN');

export const reliabilitySections = {
  slo: z
    .object({
      /** Sloth / OpenSLO spec files, relative to pulse.yaml; `pulse import slo` without files loads them. */
      specs: z.array(z.string().min(1)).default([]),
      /** Sloth specs carry no period (Sloth's CLI defaults to 30 days). */
      sloth_period: z.string().regex(/^\d+[dw]$/, 'whole days or weeks, such as 30d, 28d or 4w').default('30d'),
      /** Where `pulse slo eval` pushes the SLI queries down; without it, SLIs are evaluated on stored counters. */
      prometheus: prometheusEndpointSchema.optional(),
    })
    .strict()
    .prefault({}),
  alertmanager: z
    .object({
      /** The variable holding the bearer token Alertmanager's webhook_config sends (http_config.authorization). */
      token_env: envName.default('PULSE_ALERTMANAGER_TOKEN'),
    })
    .strict()
    .prefault({}),
};
