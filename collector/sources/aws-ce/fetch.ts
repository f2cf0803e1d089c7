/**
 * The NextPageToken loop (the SDK has no paginator for GetCostAndUsage): the same request again with the token
 * of the previous page until there is none. Every page is a billed request (USD 0.01).
 */
import { GetCostAndUsageCommand, type CostExplorerClient, type GetCostAndUsageCommandInput } from '@aws-sdk/client-cost-explorer';
import type { CePage } from './parse.ts';

/** A failed fetch still says how many billed pages it made. */
export class CeFetchError extends Error {
  constructor(
    readonly pages: number,
    override readonly cause: unknown,
  ) {
    const reason = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
    super(`Cost Explorer GetCostAndUsage failed after ${pages} page${pages === 1 ? '' : 's'}: ${reason}`);
    this.name = 'CeFetchError';
  }
}

export interface FetchResult {
  pages: CePage[];
  /** HTTP attempts, retries of throttled requests included. */
  attempts: number;
}

export async function fetchAllPages(
  client: CostExplorerClient,
  input: GetCostAndUsageCommandInput,
  options: { onPage?: (pages: number) => void; signal?: AbortSignal } = {},
): Promise<FetchResult> {
  const pages: CePage[] = [];
  const seen = new Set<string>();
  let attempts = 0;
  let token: string | undefined;
  do {
    let page;
    try {
      page = await client.send(new GetCostAndUsageCommand({ ...input, NextPageToken: token }), { abortSignal: options.signal });
    } catch (error) {
      throw new CeFetchError(pages.length, error);
    }
    attempts += page.$metadata.attempts ?? 1;
    pages.push({ ResultsByTime: page.ResultsByTime, GroupDefinitions: page.GroupDefinitions, NextPageToken: page.NextPageToken });
    options.onPage?.(pages.length);
    token = page.NextPageToken || undefined;
    if (token !== undefined) {
      if (seen.has(token)) throw new CeFetchError(pages.length, new Error(`NextPageToken ${token} came back twice`));
      seen.add(token);
    }
  } while (token !== undefined);
  return { pages, attempts };
}
