/**
 * Pure per-sample rules of a scrape: keep/drop by metric name, and attaching the target's labels to a sample
 * the way Prometheus does (`honor_labels`).
 */
import type { Labels } from './exposition-types.ts';

/** True when a sample with this metric name (suffix included, `foo_bucket`) is kept. */
export type MetricFilter = (name: string) => boolean;

export interface MetricFilterRules {
  /** Regexes matched against the whole name; when given, only matching names are kept. */
  readonly keep?: readonly string[];
  /** Regexes matched against the whole name; matching names are dropped (after `keep`). */
  readonly drop?: readonly string[];
}

/** One regex matching any of the patterns against a whole string, as Prometheus anchors relabel regexes. */
export function anchoredAlternation(patterns: readonly string[]): RegExp | undefined {
  if (patterns.length === 0) return undefined;
  return new RegExp(`^(?:${patterns.map((p) => `(?:${p})`).join('|')})$`);
}

/**
 * @throws SyntaxError for an invalid regex.
 * Decisions are cached per name: an exposition repeats few names many times.
 */
export function compileMetricFilter(rules: MetricFilterRules): MetricFilter {
  const keep = anchoredAlternation(rules.keep ?? []);
  const drop = anchoredAlternation(rules.drop ?? []);
  if (keep === undefined && drop === undefined) return () => true;
  const decisions = new Map<string, boolean>();
  return (name) => {
    let kept = decisions.get(name);
    if (kept === undefined) {
      kept = (keep === undefined || keep.test(name)) && (drop === undefined || !drop.test(name));
      decisions.set(name, kept);
    }
    return kept;
  };
}

/**
 * The labels stored for a scraped sample. With `honorLabels` false (the default, as in Prometheus) the
 * target's labels win and a clashing exposed label is kept as `exported_<name>` (`exported_exported_<name>`
 * if that is taken too); with `honorLabels` true the exposed labels win. Empty values are dropped.
 */
export function attachTargetLabels(exposed: Labels, target: Labels, honorLabels: boolean): Labels {
  const out: Record<string, string> = { ...exposed };
  for (const [name, value] of Object.entries(target)) {
    if (honorLabels) {
      if (!(name in out)) out[name] = value;
      continue;
    }
    const clashing = out[name];
    if (clashing !== undefined) {
      let renamed = `exported_${name}`;
      while (renamed in out) renamed = `exported_${renamed}`;
      out[renamed] = clashing;
    }
    out[name] = value;
  }
  return Object.values(out).includes('') ? Object.fromEntries(Object.entries(out).filter(([, value]) => value !== '')) : out;
}
