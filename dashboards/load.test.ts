import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadQuerySpecs } from '../queries/registry.ts';
import { kpiNames } from '../queries/kpis.ts';
import { catalogOf } from './check.ts';
import { DashboardError, NotFoundError } from './errors.ts';
import { checkDashboards, DASHBOARDS_DIR, listDashboards, loadDashboard } from './load.ts';

const { specs } = loadQuerySpecs();
const catalog = catalogOf(specs, kpiNames());
const dir = mkdtempSync(join(tmpdir(), 'pulse-dashboards-'));
const fleet = readFileSync(join(DASHBOARDS_DIR, 'gpu-fleet.yaml'), 'utf8');
writeFileSync(join(dir, 'gpu-fleet.yaml'), fleet);
writeFileSync(join(dir, 'broken.yaml'), fleet.replace('id: gpu-fleet', 'id: broken').replace('kpi: gpu-util\n    group_by: node', 'kpi: gpu-nonsense\n    group_by: node'));
writeFileSync(join(dir, 'notes.txt'), 'not a dashboard');

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('dashboard loading', () => {
  it('finds no problem in the shipped dashboards', () => {
    expect(checkDashboards(DASHBOARDS_DIR, specs, kpiNames())).toEqual([]);
  });

  it('reports each broken file with its line, and a missing directory', () => {
    expect(checkDashboards(dir, specs, kpiNames())).toEqual([
      { file: join(dir, 'broken.yaml'), line: 52, path: 'panels.nodes.kpi', message: `unknown KPI "gpu-nonsense" (known: ${kpiNames().join(', ')})` },
    ]);
    expect(checkDashboards(join(dir, 'nope'), specs, kpiNames())).toEqual([
      { file: join(dir, 'nope'), line: null, path: '', message: 'dashboards directory not found' },
    ]);
  });

  it('lists the dashboards that load and the problems of the others', () => {
    expect(listDashboards(dir, catalog)).toEqual({
      dashboards: [{ id: 'gpu-fleet', title: 'GPU fleet', description: expect.stringContaining('GPU-hours') }],
      problems: [`${join(dir, 'broken.yaml')}:52: panels.nodes.kpi: unknown KPI "gpu-nonsense" (known: ${kpiNames().join(', ')})`],
    });
  });

  it('loads one dashboard by id; unknown or path-like ids are not found; invalid files throw their problems', () => {
    expect(loadDashboard(dir, 'gpu-fleet', catalog).title).toBe('GPU fleet');
    expect(() => loadDashboard(dir, 'missing', catalog)).toThrow(NotFoundError);
    expect(() => loadDashboard(dir, '../dashboards/gpu-fleet', catalog)).toThrow(NotFoundError);
    expect(() => loadDashboard(dir, 'broken', catalog)).toThrow(DashboardError);
  });
});
