/**
 * Validates one dashboard file's text: the schema first (through the config loader, so messages and lines match
 * pulse.yaml's), then the cross-references. Pure: the loader does the reading.
 */
import { LineCounter, isMap, isScalar, isSeq, parseDocument } from 'yaml';
import type { ConfigProblem } from '../collector/config/load.ts';
import { parseYamlWith } from '../collector/config/parse-yaml.ts';
import { crossCheck, type Catalog } from './check.ts';
import { dashboardSchema, type Dashboard } from './spec.ts';

export function parseDashboard(file: string, text: string, catalog: Catalog): { dashboard: Dashboard | null; problems: ConfigProblem[] } {
  const { value, problems } = parseYamlWith(file, text, dashboardSchema);
  if (value === null) return { dashboard: null, problems };
  const fileId = (file.split(/[\\/]/).pop() ?? file).replace(/\.yaml$/, '');
  const crossProblems = crossCheck(value, fileId, catalog);
  if (crossProblems.length === 0) return { dashboard: value, problems: [] };
  const lineOf = locator(text);
  return {
    dashboard: null,
    problems: crossProblems.map((p) => ({ file, line: lineOf(p.path), path: p.path.join('.'), message: p.message })),
  };
}

/** Finds the line of a path in a YAML text: the line of its key (or list item), else of the nearest parent. */
function locator(text: string): (path: readonly (string | number)[]) => number | null {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  return (path) => {
    for (let n = path.length; n > 0; n--) {
      const parent: unknown = doc.getIn(path.slice(0, n - 1), true);
      const last = path[n - 1];
      const node = isMap(parent)
        ? parent.items.find((pair) => isScalar(pair.key) && pair.key.value === last)?.key
        : isSeq(parent) && typeof last === 'number'
          ? parent.items[last]
          : undefined;
      const range = isScalar(node) || isMap(node) || isSeq(node) ? node.range : undefined;
      if (range) return lineCounter.linePos(range[0]).line;
    }
    return null;
  };
}
