import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadQuerySpecs } from '../queries/registry.ts';
import { kpiNames } from '../queries/kpis.ts';
import { catalogOf } from './check.ts';
import { parseDashboard } from './validate.ts';

const catalog = catalogOf(loadQuerySpecs().specs, kpiNames());
const fleet = readFileSync(new URL('./gpu-fleet.yaml', import.meta.url), 'utf8');

/** A small valid dashboard; tests break one line of it at a time. */
const GOOD = `kind: Dashboard
version: 1
id: mini
title: Mini
params:
  range: 7d
  ranges: [24h, 7d]
panels:
  summary:
    kind: stat
    title: Summary
    kpi: gpu-util
    stats:
      - { field: gpus, label: GPUs, unit: count }
  activity:
    kind: timeseries
    title: Activity
    query: gpu-activity
    params: { bucket: auto }
    time: bucket
    split_by: cluster
    series:
      - { field: activity_avg, label: Activity, unit: ratio }
  nodes:
    kind: bar
    title: Nodes
    kpi: gpu-util
    group_by: node
    category: node
    series:
      - { field: idle_gpu_hours, label: Idle, unit: gpu_hours }
layout:
  - panels: [summary]
  - panels: [activity, nodes]
`;

function problems(text: string, file = 'dashboards/mini.yaml'): string[] {
  return parseDashboard(file, text, catalog).problems.map((p) => `${p.file}:${p.line}: ${p.path}: ${p.message}`);
}

describe('parseDashboard', () => {
  it('accepts the gpu-fleet dashboard and a small valid file', () => {
    const result = parseDashboard('dashboards/gpu-fleet.yaml', fleet, catalog);
    expect(result.problems).toEqual([]);
    expect(Object.keys(result.dashboard?.panels ?? {})).toEqual(['summary', 'activity', 'busy_share', 'nodes']);
    expect(problems(GOOD)).toEqual([]);
  });

  it('gives file, line and path for schema problems: unknown keys, wrong kinds, bad values', () => {
    const text = GOOD.replace('    title: Summary\n', '    title: Summary\n    colour: red\n')
      .replace('kind: bar', 'kind: pie')
      .replace('unit: ratio', 'unit: percent')
      .replace('version: 1', 'version: 2');
    expect(problems(text)).toEqual([
      'dashboards/mini.yaml:2: version: expected one of 1',
      'dashboards/mini.yaml:12: panels.summary: unknown key colour',
      'dashboards/mini.yaml:24: panels.activity.series.0.unit: expected one of "count", "ratio", "gpu_hours"',
      'dashboards/mini.yaml:26: panels.nodes.kind: expected one of "stat", "timeseries", "bar"',
    ]);
  });

  it('requires exactly one source per panel', () => {
    const both = GOOD.replace('    kpi: gpu-util\n    stats:', '    kpi: gpu-util\n    query: gpu-util\n    stats:');
    expect(problems(both)).toEqual(['dashboards/mini.yaml:13: panels.summary.query: expected either kpi: NAME or query: ID (exactly one)']);
    const groupOnQuery = GOOD.replace('    params: { bucket: auto }\n', '    params: { bucket: auto }\n    group_by: node\n');
    expect(problems(groupOnQuery)).toEqual([
      'dashboards/mini.yaml:20: panels.activity.group_by: expected no group_by on a query: panel (group_by belongs to kpi:)',
    ]);
  });

  it('reports invalid YAML with its line', () => {
    expect(problems('kind: Dashboard\npanels: [\n')).toEqual([expect.stringMatching(/^dashboards\/mini\.yaml:3: : invalid YAML: Flow sequence/)]);
  });

  it('gives file and line for every cross-reference problem', () => {
    const text = GOOD.replace('id: mini', 'id: other')
      .replace('range: 7d', 'range: 30d')
      .replace('kpi: gpu-util\n    stats', 'kpi: gpu-utl\n    stats')
      .replace('{ bucket: auto }', '{ bucket: week, step: 5 }')
      .replace('split_by: cluster', 'split_by: region')
      .replace('group_by: node', 'group_by: rack')
      .replace('field: idle_gpu_hours', 'field: idle_hours')
      .replace('panels: [activity, nodes]', 'panels: [activity, nodez]');
    expect(problems(text)).toEqual([
      'dashboards/mini.yaml:3: id: id is "other" but the file is mini.yaml: they must match',
      'dashboards/mini.yaml:6: params.range: 30d is not one of params.ranges (24h, 7d)',
      'dashboards/mini.yaml:34: layout.1.panels.1: unknown panel "nodez" (defined: summary, activity, nodes)',
      `dashboards/mini.yaml:12: panels.summary.kpi: unknown KPI "gpu-utl" (known: ${kpiNames().join(', ')})`,
      'dashboards/mini.yaml:19: panels.activity.params.bucket: "week" is not one of auto, hour, day',
      'dashboards/mini.yaml:19: panels.activity.params.step: query gpu-activity has no parameter step (it takes ' +
        'from, to, tz, bucket, idle_activity, idle_dram, idle_power_baseline_factor, idle_power_limit_share, suspect_util, suspect_power_share)',
      'dashboards/mini.yaml:21: panels.activity.split_by: "region" is not a field of the source\'s rows ' +
        '(bucket, cluster, gpus, observed_gpu_hours, activity_avg, busy_share)',
      'dashboards/mini.yaml:24: panels.nodes: panel "nodes" is not placed in the layout',
      'dashboards/mini.yaml:28: panels.nodes.group_by: gpu-util cannot be grouped by "rack" (expected one of cluster, node, model, team, namespace)',
      expect.stringMatching(/^dashboards\/mini\.yaml:29: panels\.nodes\.category: "node" is not a field of the source's rows \(rack, gpus, /),
      expect.stringMatching(/^dashboards\/mini\.yaml:31: panels\.nodes\.series\.0\.field: "idle_hours" is not a field of the source's rows \(rack, gpus, /),
    ]);
  });

  it('asks for query parameters the dashboard does not supply, and refuses supplied ones', () => {
    const missing = GOOD.replace('    params: { bucket: auto }\n', '');
    expect(problems(missing)).toEqual(['dashboards/mini.yaml:18: panels.activity.query: query gpu-activity needs parameter bucket: give it under params']);
    const supplied = GOOD.replace('{ bucket: auto }', '{ bucket: auto, tz: UTC }');
    expect(problems(supplied)).toEqual([
      'dashboards/mini.yaml:19: panels.activity.params.tz: tz is supplied by the dashboard (time range and configured thresholds): remove it',
    ]);
  });

  it('does not take Object.prototype names for panels', () => {
    expect(problems(GOOD.replace('panels: [summary]', 'panels: [summary, constructor]'))).toEqual([
      'dashboards/mini.yaml:33: layout.0.panels.1: unknown panel "constructor" (defined: summary, activity, nodes)',
    ]);
  });
});
