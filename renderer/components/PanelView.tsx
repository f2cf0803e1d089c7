import { useMemo, type JSX, type ReactNode } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { ChartPanel, Panel, PanelData, StatPanel, TimeRange } from '../../dashboards/spec.ts';
import { useApi } from '../api/context.ts';
import { toOption } from '../charts/options.ts';
import { toStats } from '../charts/stats.ts';
import { EChart } from './EChart.tsx';
import { Spinner } from './Spinner.tsx';

interface PanelViewProps {
  dashboardId: string;
  name: string;
  panel: Panel;
  range: TimeRange;
  height: number;
}

/** One panel: fetches its rows for the range, then shows stats or a chart; loading and errors show in place. */
export function PanelView({ dashboardId, name, panel, range, height }: PanelViewProps): JSX.Element {
  const api = useApi();
  const query = useQuery({
    queryKey: ['panel', dashboardId, name, range.from, range.to, range.tz],
    queryFn: () => api.runPanel(dashboardId, name, range),
    // The previous range stays on screen, dimmed, while the new one loads.
    placeholderData: keepPreviousData,
  });

  let body: ReactNode;
  if (query.isError) {
    body = (
      <div className="panel-error" role="alert">
        <strong>Could not load this panel.</strong> {query.error.message}
        <button type="button" className="link-button" onClick={() => void query.refetch()}>
          Try again
        </button>
      </div>
    );
  } else if (query.data === undefined) {
    body = (
      <div className="panel-loading" style={{ minHeight: panel.kind === 'stat' ? 96 : height }}>
        <Spinner /> Loading…
      </div>
    );
  } else if (panel.kind === 'stat') {
    body = <StatTiles panel={panel} data={query.data} />;
  } else {
    body = <ChartBody panel={panel} data={query.data} height={height} />;
  }

  return (
    <section className={`panel panel-${panel.kind}`} data-panel={name} aria-busy={query.isFetching}>
      <header className="panel-header">
        <h2>{panel.title}</h2>
        {query.isFetching && query.data !== undefined && <Spinner label="Updating" />}
      </header>
      {panel.description && <p className="panel-description">{panel.description}</p>}
      <div className={query.isPlaceholderData ? 'panel-body stale' : 'panel-body'}>{body}</div>
      {query.data && query.data.notes.length > 0 && !query.isError && (
        <ul className="panel-notes">
          {query.data.notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      )}
    </section>
  );
}

function StatTiles({ panel, data }: { panel: StatPanel; data: PanelData }): JSX.Element {
  return (
    <dl className="stats">
      {toStats(panel, data).map((tile) => (
        <div className="stat" key={tile.field} data-field={tile.field}>
          <dt>{tile.label}</dt>
          <dd>
            <span className="stat-value">{tile.value}</span>
            {tile.unit && <span className={tile.unit === '%' ? 'stat-unit percent' : 'stat-unit'}>{tile.unit}</span>}
          </dd>
          {tile.caption && <dd className="stat-caption">{tile.caption}</dd>}
        </div>
      ))}
    </dl>
  );
}

function ChartBody({ panel, data, height }: { panel: ChartPanel; data: PanelData; height: number }): JSX.Element {
  const option = useMemo(() => toOption(panel, data), [panel, data]);
  if (data.rows.length === 0) {
    return (
      <div className="panel-empty" style={{ minHeight: height }}>
        No data in this time range.
      </div>
    );
  }
  return <EChart option={option} height={height} label={panel.title} />;
}
