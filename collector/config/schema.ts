import { z } from 'zod';
import { DEFAULT_GPU_THRESHOLDS } from '../../queries/kpi/definition.ts';

/** Environment variable names only: secrets never live in pulse.yaml. */
const envName = z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'an environment variable name such as PULSE_API_TOKEN');
const ianaZone = z.string().refine(
  (tz) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'an IANA time zone such as Europe/Paris' },
);
const ratio = z.number().min(0).max(1);

const gpuThresholds = z
  .object({
    idle_activity: ratio.default(DEFAULT_GPU_THRESHOLDS.idle_activity),
    idle_dram: ratio.default(DEFAULT_GPU_THRESHOLDS.idle_dram),
    idle_power_baseline_factor: z.number().positive().default(DEFAULT_GPU_THRESHOLDS.idle_power_baseline_factor),
    idle_power_limit_share: ratio.default(DEFAULT_GPU_THRESHOLDS.idle_power_limit_share),
    suspect_util: ratio.default(DEFAULT_GPU_THRESHOLDS.suspect_util),
    suspect_power_share: ratio.default(DEFAULT_GPU_THRESHOLDS.suspect_power_share),
  })
  .strict();

export const configSchema = z
  .object({
    version: z.literal(1),
    timezone: ianaZone.default('UTC'),
    gpu: z.object({ thresholds: gpuThresholds.prefault({}) }).strict().prefault({}),
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

export const DEFAULT_CONFIG: PulseConfig = configSchema.parse({ version: 1 });
