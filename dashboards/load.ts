/**
 * Reads the dashboard files of a directory (`<id>.yaml`, one dashboard each) and validates them against the
 * registered queries and KPIs. Files are read on every call, so an edited dashboard shows on the next request.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatProblem, type ConfigProblem } from '../collector/config/load.ts';
import { catalogOf, type Catalog, type QueryShape } from './check.ts';
import { DashboardError, NotFoundError } from './errors.ts';
import type { Dashboard, DashboardList } from './spec.ts';
import { parseDashboard } from './validate.ts';
import { projectDir } from '../collector/project-root.ts';

export const DASHBOARDS_DIR = projectDir('dashboards');

const ID = /^[a-z][a-z0-9_-]*$/;

type Loaded = ReturnType<typeof parseDashboard>;

/** Every problem of every dashboard file, for `pulse check`. */
export function checkDashboards(dir: string, knownQueries: ReadonlyMap<string, QueryShape>, knownKpis: readonly string[]): ConfigProblem[] {
  if (!existsSync(dir)) return [{ file: dir, line: null, path: '', message: 'dashboards directory not found' }];
  return readAll(dir, catalogOf(knownQueries, knownKpis)).flatMap((l) => l.problems);
}

export function listDashboards(dir: string, catalog: Catalog): DashboardList {
  const loaded = existsSync(dir) ? readAll(dir, catalog) : [];
  return {
    dashboards: loaded.flatMap((l) => (l.dashboard ? [{ id: l.dashboard.id, title: l.dashboard.title, description: l.dashboard.description ?? null }] : [])),
    problems: loaded.flatMap((l) => l.problems.map(formatProblem)),
  };
}

/** One dashboard by id: NotFoundError when there is no such file, DashboardError when it does not validate. */
export function loadDashboard(dir: string, id: string, catalog: Catalog): Dashboard {
  // The id comes from a URL: only a plain name may become a file path.
  const file = join(dir, `${id}.yaml`);
  if (!ID.test(id) || !existsSync(file)) throw new NotFoundError(`no dashboard "${id}"`);
  const loaded = readOne(file, catalog);
  if (!loaded.dashboard) throw new DashboardError(loaded.problems);
  return loaded.dashboard;
}

function readAll(dir: string, catalog: Catalog): Loaded[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => readOne(join(dir, f), catalog));
}

function readOne(file: string, catalog: Catalog): Loaded {
  return parseDashboard(file, readFileSync(file, 'utf8'), catalog);
}
