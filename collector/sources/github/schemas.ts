/**
 * The parts of GitHub's REST and webhook objects Pulse reads (the REST API and webhooks share these shapes).
 * Unknown fields are ignored; a missing required field fails with its path.
 */
import { z } from 'zod';

const user = z.object({ login: z.string(), type: z.string().optional() }).nullish();

export const deploymentSchema = z.object({
  id: z.number().int(),
  sha: z.string(),
  ref: z.string().nullish(),
  task: z.string().nullish(),
  payload: z.union([z.record(z.string(), z.unknown()), z.string()]).nullish(),
  environment: z.string(),
  production_environment: z.boolean().nullish(),
  created_at: z.string(),
});
export type GitHubDeployment = z.infer<typeof deploymentSchema>;

export const deploymentStatusSchema = z.object({
  id: z.number().int(),
  state: z.string(),
  created_at: z.string(),
});
export type GitHubDeploymentStatus = z.infer<typeof deploymentStatusSchema>;

export const workflowRunSchema = z.object({
  id: z.number().int(),
  name: z.string().nullish(),
  path: z.string().nullish(),
  run_attempt: z.number().int().nullish(),
  status: z.string().nullish(),
  conclusion: z.string().nullish(),
  head_sha: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
  run_started_at: z.string().nullish(),
});
export type GitHubWorkflowRun = z.infer<typeof workflowRunSchema>;

export const pullRequestSchema = z.object({
  number: z.number().int(),
  title: z.string(),
  user,
  created_at: z.string(),
  updated_at: z.string(),
  merged_at: z.string().nullish(),
  merge_commit_sha: z.string().nullish(),
});
export type GitHubPullRequest = z.infer<typeof pullRequestSchema>;

/** A commit as the compare and pull-request-commits endpoints list it. */
export const commitSchema = z.object({
  sha: z.string(),
  commit: z.object({
    message: z.string().default(''),
    author: z.object({ name: z.string().nullish(), date: z.string() }).nullish(),
    committer: z.object({ date: z.string().nullish() }).nullish(),
  }),
  author: user,
  files: z.array(z.object({ filename: z.string() })).nullish(),
});
export type GitHubCommit = z.infer<typeof commitSchema>;

export const compareSchema = z.object({
  status: z.string(),
  total_commits: z.number().int().nullish(),
  commits: z.array(commitSchema),
});

export const repositorySchema = z.object({
  full_name: z.string(),
  archived: z.boolean().nullish(),
  fork: z.boolean().nullish(),
});

/** A commit as push webhooks carry it. */
const pushCommitSchema = z.object({
  id: z.string(),
  message: z.string().default(''),
  timestamp: z.string(),
  author: z.object({ name: z.string().nullish(), username: z.string().nullish() }).nullish(),
  added: z.array(z.string()).nullish(),
  modified: z.array(z.string()).nullish(),
  removed: z.array(z.string()).nullish(),
});

const repository = z.object({ full_name: z.string() });

export const webhookSchemas = {
  deployment_status: z.object({ deployment: deploymentSchema, deployment_status: deploymentStatusSchema, repository }),
  workflow_run: z.object({ workflow_run: workflowRunSchema, repository }),
  pull_request: z.object({ action: z.string(), pull_request: pullRequestSchema, repository }),
  push: z.object({ ref: z.string(), commits: z.array(pushCommitSchema), repository }),
} as const;
