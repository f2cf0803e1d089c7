import { useState, type JSX } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { Dashboard } from '../../dashboards/spec.ts';
import { useApi } from '../api/context.ts';
import { rangeLabel, resolveRange, type RangeChoice } from '../range.ts';
import { PanelView } from './PanelView.tsx';
import { RangePicker } from './RangePicker.tsx';
import { Spinner } from './Spinner.tsx';

const DEFAULT_CHART_HEIGHT = 300;

export function DashboardView({ id, tz }: { id: string; tz: string }): JSX.Element {
  const api = useApi();
  const query = useQuery({ queryKey: ['dashboard', id], queryFn: () => api.dashboard(id) });
  if (query.isError) {
    return (
      <div className="page-error" role="alert">
        <strong>Could not load dashboard {id}.</strong> {query.error.message}
      </div>
    );
  }
  if (!query.data) {
    return (
      <div className="page-loading">
        <Spinner /> Loading dashboard…
      </div>
    );
  }
  return <DashboardBody dashboard={query.data} tz={tz} />;
}

function DashboardBody({ dashboard, tz }: { dashboard: Dashboard; tz: string }): JSX.Element {
  const client = useQueryClient();
  const [choice, setChoice] = useState<RangeChoice>({ kind: 'preset', duration: dashboard.params.range });
  // Presets end at "now" as of the last pick or refresh, so the range (and the cache key) holds still meanwhile.
  const [now, setNow] = useState(() => Date.now());
  const range = resolveRange(choice, now, tz);

  return (
    <main className="dashboard">
      <div className="dashboard-header">
        <div>
          <h1>{dashboard.title}</h1>
          {dashboard.description && <p className="dashboard-description">{dashboard.description}</p>}
        </div>
        <div className="dashboard-controls">
          <RangePicker
            ranges={dashboard.params.ranges}
            value={choice}
            onChange={(next) => {
              setChoice(next);
              setNow(Date.now());
            }}
          />
          <button
            type="button"
            className="icon-button"
            title="Refresh"
            aria-label="Refresh"
            onClick={() => {
              setNow(Date.now());
              void client.invalidateQueries({ queryKey: ['panel', dashboard.id] });
            }}
          >
            ↻
          </button>
        </div>
      </div>
      <p className="range-caption">
        {rangeLabel(choice)} · {tz}
      </p>
      {dashboard.layout.map((row, index) => (
        <div className="panel-row" key={index} style={{ gridTemplateColumns: `repeat(${row.panels.length}, minmax(0, 1fr))` }}>
          {row.panels.map((name) => {
            const panel = dashboard.panels[name];
            return panel ? <PanelView key={name} dashboardId={dashboard.id} name={name} panel={panel} range={range} height={row.height ?? DEFAULT_CHART_HEIGHT} /> : null;
          })}
        </div>
      ))}
    </main>
  );
}
