/** What a sync costs: every GetCostAndUsage page is a billed request of USD 0.01. Pure. */
import { formatScaled } from '../../cost/decimal-text.ts';

export const USD_CENTS_PER_PAGE = 1n;

/** The price of `pages` requests as a USD decimal string ("0.03"). */
export function pagesCost(pages: number): string {
  return formatScaled(BigInt(pages) * USD_CENTS_PER_PAGE, 2);
}

export interface PageHistory {
  pages: number;
  days: number;
}

/**
 * Pages a sync of `days` days will take: the last sync's pages per day scaled to this window (a grouped
 * response pages by result size, so history is the only guide); without history at least one page.
 */
export function estimatePages(days: number, last: PageHistory | null): { pages: number; basis: string } {
  if (!last || last.days <= 0 || last.pages <= 0) return { pages: 1, basis: 'no earlier sync: at least one page; grouped results may need more' };
  const pages = Math.max(1, Math.ceil((last.pages * days) / last.days));
  return { pages, basis: `the last sync took ${last.pages} page${last.pages === 1 ? '' : 's'} for ${last.days} days` };
}
