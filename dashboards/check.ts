/**
 * Cross-reference checks of a dashboard that passed the schema: the layout names defined panels, panels name
 * known KPIs and queries with the parameters those accept, and every field a panel shows is a column its
 * source returns. Pure; problems carry the path inside the document so the loader can give their line.
 */
import { kpiGroupBy, kpiQuery } from '../queries/kpis.ts';
import { panelSource, type Dashboard, type Panel } from './spec.ts';
import { SUPPLIED_PARAMS } from './run.ts';

/** What a dashboard needs to know of a query (a QuerySpec has this shape). */
export interface QueryShape {
  params: readonly { name: string; allowed: readonly string[] | null }[];
  columns: readonly { name: string }[];
}

export interface KpiShape {
  groupBy: readonly string[];
  /** The fields of a KPI row (the group field aside); null when the KPI's query is not registered. */
  columns: readonly string[] | null;
}

export interface Catalog {
  queries: ReadonlyMap<string, QueryShape>;
  kpis: ReadonlyMap<string, KpiShape>;
}

export interface PathProblem {
  path: (string | number)[];
  message: string;
}

/** The catalog dashboards are checked against: the registered queries and the KPIs defined on them. */
export function catalogOf(queries: ReadonlyMap<string, QueryShape>, kpis: readonly string[]): Catalog {
  const shapes = new Map<string, KpiShape>();
  for (const kpi of kpis) {
    const query = queries.get(kpiQuery(kpi));
    shapes.set(kpi, { groupBy: kpiGroupBy(kpi), columns: query ? query.columns.map((c) => c.name).filter((c) => c !== 'group_key') : null });
  }
  return { queries, kpis: shapes };
}

export function crossCheck(dashboard: Dashboard, fileId: string, catalog: Catalog): PathProblem[] {
  const problems: PathProblem[] = [];
  if (dashboard.id !== fileId) problems.push({ path: ['id'], message: `id is "${dashboard.id}" but the file is ${fileId}.yaml: they must match` });
  if (!dashboard.params.ranges.includes(dashboard.params.range)) {
    problems.push({ path: ['params', 'range'], message: `${dashboard.params.range} is not one of params.ranges (${dashboard.params.ranges.join(', ')})` });
  }

  const placed = new Set<string>();
  dashboard.layout.forEach((row, r) =>
    row.panels.forEach((name, p) => {
      const path = ['layout', r, 'panels', p];
      if (!Object.hasOwn(dashboard.panels, name)) {
        problems.push({ path, message: `unknown panel "${name}" (defined: ${Object.keys(dashboard.panels).join(', ') || 'none'})` });
      } else if (placed.has(name)) {
        problems.push({ path, message: `panel "${name}" is placed twice` });
      }
      placed.add(name);
    }),
  );

  for (const [name, panel] of Object.entries(dashboard.panels)) {
    if (!placed.has(name)) problems.push({ path: ['panels', name], message: `panel "${name}" is not placed in the layout` });
    problems.push(...checkPanel(panel, catalog).map((p) => ({ path: ['panels', name, ...p.path], message: p.message })));
  }
  return problems;
}

function checkPanel(panel: Panel, catalog: Catalog): PathProblem[] {
  const source = panelSource(panel);
  const problems: PathProblem[] = [];
  let columns: readonly string[] | null;
  if (source.kind === 'kpi') {
    const kpi = catalog.kpis.get(source.name);
    if (!kpi) return [{ path: ['kpi'], message: `unknown KPI "${source.name}" (known: ${[...catalog.kpis.keys()].join(', ')})` }];
    if (source.groupBy !== null && !kpi.groupBy.includes(source.groupBy)) {
      problems.push({ path: ['group_by'], message: `${source.name} cannot be grouped by "${source.groupBy}" (expected one of ${kpi.groupBy.join(', ')})` });
    }
    columns = kpi.columns && source.groupBy !== null ? [source.groupBy, ...kpi.columns] : kpi.columns;
  } else {
    const query = catalog.queries.get(source.id);
    if (!query) return [{ path: ['query'], message: `unknown query "${source.id}" (known: ${[...catalog.queries.keys()].join(', ')})` }];
    for (const [key, value] of Object.entries(source.params)) {
      const param = query.params.find((p) => p.name === key);
      if (!param) {
        problems.push({ path: ['params', key], message: `query ${source.id} has no parameter ${key} (it takes ${query.params.map((p) => p.name).join(', ')})` });
      } else if (SUPPLIED_PARAMS.has(key)) {
        problems.push({ path: ['params', key], message: `${key} is supplied by the dashboard (time range and configured thresholds): remove it` });
      } else if (param.allowed && !param.allowed.includes(String(value))) {
        problems.push({ path: ['params', key], message: `${JSON.stringify(value)} is not one of ${param.allowed.join(', ')}` });
      }
    }
    for (const param of query.params) {
      if (!SUPPLIED_PARAMS.has(param.name) && !(param.name in source.params)) {
        problems.push({ path: ['query'], message: `query ${source.id} needs parameter ${param.name}: give it under params` });
      }
    }
    columns = query.columns.map((c) => c.name);
  }
  if (columns === null) return problems;

  const known = columns;
  const field = (path: (string | number)[], value: string | undefined): void => {
    if (value !== undefined && !known.includes(value)) problems.push({ path, message: `"${value}" is not a field of the source's rows (${known.join(', ')})` });
  };
  switch (panel.kind) {
    case 'stat':
      panel.stats.forEach((s, i) => {
        field(['stats', i, 'field'], s.field);
        field(['stats', i, 'share_of'], s.share_of);
      });
      break;
    case 'timeseries':
      field(['time'], panel.time);
      field(['split_by'], panel.split_by);
      panel.series.forEach((s, i) => field(['series', i, 'field'], s.field));
      break;
    case 'bar':
      field(['category'], panel.category);
      panel.series.forEach((s, i) => field(['series', i, 'field'], s.field));
      break;
  }
  return problems;
}
