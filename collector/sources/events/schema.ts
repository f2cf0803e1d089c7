/**
 * The generic delivery event format (SOURCES.md, "Generic event format"): one JSON object per line, `type`
 * deployment | incident | pipeline_run | pull_request | alert_ack. Timestamps are ISO-8601 with `Z` or an
 * offset and become epoch milliseconds here. Unknown fields are allowed (the raw event keeps them).
 */
import { z } from 'zod';
import { parseSourceTime } from '../delivery/time.ts';
import { DEPLOYMENT_KINDS, DEPLOYMENT_STATUSES, PIPELINE_STATUSES } from '../delivery/model.ts';

const text = z.string().trim().min(1, 'must not be empty');
const timestamp = z.string().transform((value, ctx) => {
  const ms = parseSourceTime(value);
  if (ms === null) {
    ctx.addIssue({ code: 'custom', message: `expected an ISO-8601 timestamp with Z or an offset (2026-09-01T10:00:00Z), got ${JSON.stringify(value)}` });
    return z.NEVER;
  }
  return ms;
});
const optionalTimestamp = timestamp.nullish().transform((v) => v ?? null);
const optionalText = text.nullish().transform((v) => v ?? null);

const change = z.object({
  sha: text,
  authored_at: timestamp,
  pr: z.union([text, z.number().int().positive()]).nullish().transform((v) => v ?? null),
  author: optionalText,
  /** The incident this change fixes: the deployment carrying it is unplanned (rework). */
  incident: optionalText,
});

const deploymentEvent = z.object({
  type: z.literal('deployment'),
  id: text,
  service: text,
  environment: text,
  status: z.enum(DEPLOYMENT_STATUSES),
  started_at: optionalTimestamp,
  finished_at: timestamp,
  commit: optionalText,
  /** Absent: the change set is unknown (not the same as an empty list). */
  changes: z.array(change).optional(),
  /** Absent: Pulse derives the kind (a redeploy of an earlier commit is a rollback). */
  kind: z.enum(DEPLOYMENT_KINDS).optional(),
  rollback_of: optionalText,
});

const incidentEvent = z.object({
  type: z.literal('incident'),
  id: text,
  service: optionalText,
  severity: optionalText,
  created_at: timestamp,
  acknowledged_at: optionalTimestamp,
  resolved_at: optionalTimestamp,
  /** A deployment id or a commit sha. */
  caused_by: optionalText,
});

const pipelineRunEvent = z.object({
  type: z.literal('pipeline_run'),
  id: text,
  attempt: z.number().int().min(1).default(1),
  pipeline: text,
  service: optionalText,
  status: z.enum(PIPELINE_STATUSES),
  started_at: optionalTimestamp,
  finished_at: optionalTimestamp,
  commit: optionalText,
});

const pullRequestEvent = z.object({
  type: z.literal('pull_request'),
  id: text,
  service: optionalText,
  created_at: timestamp,
  merged_at: optionalTimestamp,
  author: optionalText,
  is_bot: z.boolean().default(false),
  is_revert: z.boolean().default(false),
  merge_commit: optionalText,
});

const alertAckEvent = z.object({
  type: z.literal('alert_ack'),
  fingerprint: text,
  starts_at: timestamp,
  at: timestamp,
  by: optionalText,
  automated: z.boolean().default(false),
  actionable: z.boolean().nullish().transform((v) => v ?? null),
});

export const EVENT_SCHEMAS = {
  deployment: deploymentEvent,
  incident: incidentEvent,
  pipeline_run: pipelineRunEvent,
  pull_request: pullRequestEvent,
  alert_ack: alertAckEvent,
} as const;

export type EventType = keyof typeof EVENT_SCHEMAS;
export const EVENT_TYPES = Object.keys(EVENT_SCHEMAS) as EventType[];

export type DeliveryEvent =
  | z.infer<typeof deploymentEvent>
  | z.infer<typeof incidentEvent>
  | z.infer<typeof pipelineRunEvent>
  | z.infer<typeof pullRequestEvent>
  | z.infer<typeof alertAckEvent>;
