/** The repositories a sync covers: `owner/name` as given, `owner/*` expanded to the organization's (or user's) repositories, forks and archived ones left out. */
import { httpFailure } from '../delivery/wait.ts';
import { pages, type GitHubClient } from './client.ts';
import { repositorySchema } from './schemas.ts';

const asArray = (data: unknown): unknown[] => (Array.isArray(data) ? data : []);

export async function expandRepositories(client: GitHubClient, entries: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const entry of entries) {
    const [owner, name] = entry.split('/') as [string, string];
    if (name !== '*') {
      out.push(entry);
      continue;
    }
    out.push(...(await listOwned(client, 'GET /orgs/{org}/repos', { org: owner }).catch(async (error: unknown) => {
      if (httpFailure(error)?.status !== 404) throw error;
      return listOwned(client, 'GET /users/{username}/repos', { username: owner });
    })));
  }
  return [...new Set(out)];
}

async function listOwned(client: GitHubClient, route: string, params: Record<string, string>): Promise<string[]> {
  const names: string[] = [];
  for await (const page of pages(client, route, { ...params, per_page: 100, type: 'all' }, asArray)) {
    for (const item of page.items) {
      const r = repositorySchema.parse(item);
      if (!r.fork && !r.archived) names.push(r.full_name);
    }
  }
  return names;
}
