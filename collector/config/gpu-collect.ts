/**
 * `gpu.collect` in pulse.yaml: how GPU telemetry becomes gpu_minute rows, whatever the path (scrape targets,
 * the Prometheus API, imported files, the nvidia-smi agent). Schema only.
 *
 *   gpu:
 *     collect:
 *       cluster: prod-us-east        # cluster of series without a `cluster` label
 *       scrape_interval: 15s         # the gap rule: a gap > 2 × this is unobserved
 *       interval: 1m                 # how often `pulse collect` pulls finished minutes from the Prometheus API
 *       time_slicing_replicas: 4     # nvidia.com/gpu.shared replicas per GPU (time-slicing share = 1/replicas)
 */
import { z } from 'zod';
import { promDurationSchema } from '../sources/prometheus/prom-duration-schema.ts';

export const gpuCollectSection = z
  .object({
    cluster: z.string().min(1).default('default'),
    /** The series label that names the cluster. */
    cluster_label: z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, 'a label name').default('cluster'),
    /** The scrape interval of the GPU telemetry (files with timestamps show their own). */
    scrape_interval: promDurationSchema.default(15_000),
    /** `pulse collect` runs the Prometheus API collector this often. */
    interval: promDurationSchema.default(60_000),
    /** …and leaves the newest minutes this long to the server (late scrapes, remote-write delay). */
    lag: promDurationSchema.default(120_000),
    /** Backfill chunk length; lower it for large fleets so that one response stays small. */
    backfill_chunk: promDurationSchema.default(6 * 3_600_000),
    /**
     * Range-vector window edges of the server: Prometheus 2.x (and engines built on it) close them
     * `[t − w, t]`, 3.x leaves them open `(t − w, t]`. `auto` asks the server.
     */
    range_windows: z.enum(['auto', 'closed', 'left_open']).default('auto'),
    /** nvidia.com/gpu.shared replicas per GPU under time-slicing; null: the number of pods seen sharing it. */
    time_slicing_replicas: z.number().int().min(1).nullable().default(null),
    /** Raw gpu_samples are kept this long (minute rollups stay). */
    raw_retention: promDurationSchema.default(7 * 86_400_000),
    /** Allocations from kube-state-metrics through the Prometheus API. */
    kube_state_metrics: z.boolean().default(true),
  })
  .strict();

export type GpuCollectConfig = z.infer<typeof gpuCollectSection>;
