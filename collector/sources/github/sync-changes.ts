/**
 * GitHub's side of the change sets (delivery/change-sets.ts): the compare API (`base...head`, paginated), and in
 * a monorepo only the commits touching the service's path globs (one request per commit for its files).
 */
import { computeChangeSets, type ChangeSetTarget } from '../delivery/change-sets.ts';
import type { CommitRow } from '../delivery/model.ts';
import { commitTouches, needsFiles, rulesOf } from '../delivery/services.ts';
import { httpFailure } from '../delivery/wait.ts';
import { pages } from './client.ts';
import { commitRow, GITHUB } from './normalize.ts';
import { commitSchema, compareSchema, type GitHubCommit } from './schemas.ts';
import { write, type RepoSync } from './sync-context.ts';

export async function syncChanges(sync: RepoSync, warn: (message: string) => void): Promise<number> {
  const [owner, repo] = sync.ctx.repository.split('/') as [string, string];
  const files = new Map<string, string[]>();
  const filesOf = async (sha: string): Promise<string[]> => {
    let found = files.get(sha);
    if (!found) {
      const commit = commitSchema.parse((await sync.client.octokit.request('GET /repos/{owner}/{repo}/commits/{ref}', { owner, repo, ref: sha })).data);
      found = (commit.files ?? []).map((f) => f.filename);
      files.set(sha, found);
    }
    return found;
  };
  const commitsBetween = async (t: ChangeSetTarget): Promise<CommitRow[] | null> => {
    const commits: GitHubCommit[] = [];
    try {
      const params = { owner, repo, basehead: `${t.base}...${t.head}`, per_page: 100 };
      for await (const page of pages(sync.client, 'GET /repos/{owner}/{repo}/compare/{basehead}', params, (data) => compareSchema.parse(data).commits)) {
        commits.push(...(page.items as GitHubCommit[]));
      }
    } catch (error) {
      if (httpFailure(error)?.status === 404) return null;
      throw error;
    }
    const kept: GitHubCommit[] = [];
    const sliced = needsFiles(sync.ctx.settings.rules, sync.ctx.repository, t.service);
    for (const c of commits) if (!sliced || commitTouches(sync.ctx.settings.rules, sync.ctx.repository, t.service, await filesOf(c.sha))) kept.push(c);
    return kept.map((c) => commitRow(t.service, c, null));
  };
  return computeChangeSets({
    store: sync.store,
    writer: sync.writer,
    source: GITHUB,
    scope: sync.ctx.repository,
    services: [sync.ctx.repository, ...rulesOf(sync.ctx.settings.rules, sync.ctx.repository).map((r) => r.name)],
    written: sync.deployments,
    commitsBetween,
    write: (batch) => write(sync, batch),
    warn,
    now: sync.now,
  });
}
