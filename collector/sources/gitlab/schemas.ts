/** The parts of GitLab's REST objects and webhook payloads Pulse reads. Unknown fields are ignored. */
import { z } from 'zod';

const nullableText = z.string().nullish();

export const projectSchema = z.object({ id: z.number().int(), path_with_namespace: z.string() });

export const deploymentSchema = z.object({
  id: z.number().int(),
  sha: z.string(),
  status: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
  finished_at: nullableText,
  environment: z.object({ name: z.string(), tier: nullableText }).passthrough(),
  deployable: z.object({ finished_at: nullableText }).passthrough().nullish(),
});
export type GitLabDeployment = z.infer<typeof deploymentSchema>;

export const pipelineSchema = z.object({
  id: z.number().int(),
  sha: z.string(),
  status: z.string(),
  name: nullableText,
  source: nullableText,
  created_at: z.string(),
  updated_at: z.string(),
  started_at: nullableText,
  finished_at: nullableText,
});
export type GitLabPipeline = z.infer<typeof pipelineSchema>;

export const mergeRequestSchema = z.object({
  iid: z.number().int(),
  title: z.string(),
  author: z.object({ username: z.string() }).nullish(),
  created_at: z.string(),
  updated_at: z.string(),
  merged_at: nullableText,
  merge_commit_sha: nullableText,
  squash_commit_sha: nullableText,
});
export type GitLabMergeRequest = z.infer<typeof mergeRequestSchema>;

export const commitSchema = z.object({
  id: z.string(),
  message: z.string().default(''),
  authored_date: z.string(),
  committed_date: nullableText,
  author_name: nullableText,
});
export type GitLabCommit = z.infer<typeof commitSchema>;

export const compareSchema = z.object({ commits: z.array(commitSchema) });
export const diffSchema = z.array(z.object({ new_path: z.string(), old_path: z.string() }));

const project = z.object({ id: z.number().int().nullish(), path_with_namespace: z.string() });

/** Webhooks (X-Gitlab-Event). Older GitLab versions leave out deployment_id and status_changed_at. */
export const webhookSchemas = {
  deployment: z.object({
    status: z.string(),
    status_changed_at: nullableText,
    deployment_id: z.number().int().nullish(),
    deployable_id: z.number().int().nullish(),
    environment: z.string(),
    environment_tier: nullableText,
    project,
    short_sha: nullableText,
    commit_url: nullableText,
  }),
  pipeline: z.object({
    object_attributes: z.object({
      id: z.number().int(),
      sha: z.string(),
      status: z.string(),
      name: nullableText,
      created_at: z.string(),
      finished_at: nullableText,
    }),
    project,
  }),
  merge_request: z.object({
    object_attributes: z.object({
      iid: z.number().int(),
      title: z.string(),
      state: z.string(),
      action: nullableText,
      created_at: z.string(),
      updated_at: z.string(),
      merge_commit_sha: nullableText,
    }),
    project,
  }),
  push: z.object({
    project,
    commits: z.array(
      z.object({
        id: z.string(),
        message: z.string().default(''),
        timestamp: z.string(),
        author: z.object({ name: nullableText }).nullish(),
        added: z.array(z.string()).nullish(),
        modified: z.array(z.string()).nullish(),
        removed: z.array(z.string()).nullish(),
      }),
    ),
  }),
} as const;
