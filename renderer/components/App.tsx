import { useState, type JSX } from 'react';
import { useIsFetching, useQuery } from '@tanstack/react-query';
import { useApi } from '../api/context.ts';
import { DashboardView } from './DashboardView.tsx';
import { Spinner } from './Spinner.tsx';

export function App({ tz }: { tz: string }): JSX.Element {
  const api = useApi();
  const list = useQuery({ queryKey: ['dashboards'], queryFn: () => api.listDashboards() });
  const [selected, setSelected] = useState<string | null>(null);
  const fetching = useIsFetching();
  const dashboards = list.data?.dashboards ?? [];
  const current = selected ?? dashboards[0]?.id ?? null;

  return (
    <div className="app">
      <div className={fetching > 0 ? 'progress active' : 'progress'} aria-hidden="true" />
      <nav className="topbar">
        <span className="brand">
          <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true">
            <path d="M2 12h4l3-7 4 14 3-7h6" fill="none" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round" strokeLinejoin="round" />
          </svg>
          Pulse
        </span>
        <ul className="tabs">
          {dashboards.map((d) => (
            <li key={d.id}>
              <button type="button" aria-current={d.id === current ? 'page' : undefined} onClick={() => setSelected(d.id)} title={d.description ?? undefined}>
                {d.title}
              </button>
            </li>
          ))}
        </ul>
      </nav>
      {list.data && list.data.problems.length > 0 && (
        <div className="banner" role="alert">
          <strong>Some dashboards do not load:</strong>
          <ul>
            {list.data.problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </div>
      )}
      {list.isError ? (
        <div className="page-error" role="alert">
          <strong>Could not list the dashboards.</strong> {list.error.message}
        </div>
      ) : list.isPending ? (
        <div className="page-loading">
          <Spinner /> Loading…
        </div>
      ) : current === null ? (
        <div className="page-empty">No dashboards: add a YAML file to dashboards/.</div>
      ) : (
        <DashboardView key={current} id={current} tz={tz} />
      )}
    </div>
  );
}
