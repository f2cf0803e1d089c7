/**
 * The cost sections of pulse.yaml: `aws` (Cost Explorer sync), `prices` (GPU price overrides), `attribution`
 * (tags, resource ids, namespaces and labels → team and service) and `inference` (cost per 1k inferences).
 * Schemas only; secrets never appear here (AWS credentials come from the SDK's default chain or a profile).
 */
import { z } from 'zod';
import { ceExpression } from '../sources/aws-ce/expression.ts';

/** Up to two of these Cost Explorer GroupBy keys; TAG:key and COST_CATEGORY:key name a tag or a category. */
export const CE_GROUP_KEY = /^(SERVICE|INSTANCE_TYPE|LINKED_ACCOUNT|REGION|USAGE_TYPE|RECORD_TYPE|TAG:.+|COST_CATEGORY:.+)$/;

const awsSection = z
  .object({
    /** A named profile of ~/.aws/config; without it the SDK's default chain (env, SSO, instance role). */
    profile: z.string().min(1).optional(),
    /** Cost Explorer is served from us-east-1 (aws-cn: cn-northwest-1). */
    region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'an AWS region such as us-east-1').default('us-east-1'),
    group_by: z
      .array(z.string().regex(CE_GROUP_KEY, 'SERVICE, INSTANCE_TYPE, LINKED_ACCOUNT, REGION, USAGE_TYPE, RECORD_TYPE, TAG:key or COST_CATEGORY:key'))
      .max(2)
      .default(['SERVICE', 'USAGE_TYPE']),
    /** A Cost Explorer Expression (Dimensions / Tags / CostCategories with And / Or / Not), passed as it is. */
    filter: ceExpression.optional(),
  })
  .strict();

const decimalText = z
  .union([z.string(), z.number()])
  .transform((v) => (typeof v === 'number' ? String(v) : v.trim()))
  .refine((v) => /^\d+(\.\d+)?$/.test(v), { message: 'a non-negative decimal such as 12.34' });

const priceOverride = z
  .object({
    instance_type: z.string().regex(/^[a-z][a-z0-9-]*\.[a-z0-9-]+$/, 'an instance type such as p5.48xlarge'),
    price_per_hour: decimalText,
    currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as USD').default('USD'),
    /** '*' applies to every region. */
    region: z.string().min(1).default('*'),
  })
  .strict();

const owner = { team: z.string().min(1).optional(), service: z.string().min(1).optional() };
const names = (rule: { team?: string | undefined; service?: string | undefined }): boolean => rule.team !== undefined || rule.service !== undefined;
const needsOwner = { message: 'a rule names a team, a service or both' };

/** First match wins, in file order. Values may use * and ? wildcards. */
const attributionRule = z.union([
  z.object({ tag: z.string().min(1), value: z.string().min(1).default('*'), ...owner }).strict().refine(names, needsOwner),
  z.object({ resource_id: z.string().min(1), ...owner }).strict().refine(names, needsOwner),
  z.object({ namespace: z.string().min(1), ...owner }).strict().refine(names, needsOwner),
  z.object({ label: z.enum(['namespace', 'pod', 'container']), value: z.string().min(1), ...owner }).strict().refine(names, needsOwner),
]);

const attributionSection = z
  .object({
    /** Tag keys whose value names the team / the service of a cost line, when no rule matched. */
    team_tags: z.array(z.string().min(1)).default(['team']),
    service_tags: z.array(z.string().min(1)).default(['service']),
    /** Tag keys whose value names the Kubernetes cluster of a GPU instance line. */
    cluster_tags: z.array(z.string().min(1)).default(['eks:cluster-name', 'aws:eks:cluster-name', 'cluster']),
    rules: z.array(attributionRule).default([]),
  })
  .strict();

const requestCounter = z
  .object({
    service: z.string().min(1),
    /** A PromQL series selector of the service's request counter, e.g. http_requests_total{job="ranker"}. */
    selector: z.string().regex(/^[a-zA-Z_:][a-zA-Z0-9_:]*(\{.*\})?$|^\{.+\}$/, 'a series selector such as http_requests_total{job="ranker"}'),
  })
  .strict();

const inferenceSection = z
  .object({
    /** A day of a service with fewer requests than this carries low_volume: true. */
    low_volume: z.number().int().min(0).default(1000),
    /** `pulse sync requests`: request counters read from the `prometheus` API, one per model service. */
    request_counters: z.array(requestCounter).default([]),
  })
  .strict();

export const costSections = {
  aws: awsSection.prefault({}),
  prices: z.array(priceOverride).default([]),
  attribution: attributionSection.prefault({}),
  inference: inferenceSection.prefault({}),
};

export type AwsConfig = z.infer<typeof awsSection>;
export type PriceOverride = z.infer<typeof priceOverride>;
export type AttributionConfig = z.infer<typeof attributionSection>;
export type AttributionRule = z.infer<typeof attributionRule>;
export type RequestCounter = z.infer<typeof requestCounter>;
