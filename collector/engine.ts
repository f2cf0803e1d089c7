/**
 * The engine API: what every transport (CLI, HTTP, Electron IPC) calls. It owns the store connection and the
 * query registry, and returns plain values only.
 */
import { openStore, type Store } from './store/db.ts';
import { QueryRegistry, type QueryParams } from '../queries/registry.ts';
import { kpiNames, runKpi } from '../queries/kpis.ts';
import type { KpiRequest, KpiResult, PlainRow } from '../queries/contract.ts';
import type { PulseConfig } from './config/schema.ts';
import { costSettings } from './cost/settings.ts';
import { DASHBOARDS_DIR, listDashboards, loadDashboard } from '../dashboards/load.ts';
import { catalogOf, type Catalog } from '../dashboards/check.ts';
import { runPanel } from '../dashboards/run.ts';
import type { Dashboard, DashboardList, PanelData, TimeRange } from '../dashboards/spec.ts';

export interface EngineOptions {
  readOnly?: boolean;
  /** Where the dashboard files are (default: the repository's dashboards/). */
  dashboardsDir?: string;
}

export class Engine {
  private constructor(
    readonly store: Store,
    readonly config: PulseConfig,
    private readonly registry: QueryRegistry,
    private readonly dashboardsDir: string,
  ) {}

  static async open(dbFile: string, config: PulseConfig, options: EngineOptions = {}): Promise<Engine> {
    const store = await openStore(dbFile, { readOnly: options.readOnly ?? false });
    try {
      return new Engine(store, config, QueryRegistry.load(store.connection), options.dashboardsDir ?? DASHBOARDS_DIR);
    } catch (error) {
      store.close();
      throw error;
    }
  }

  kpi(name: string, request: KpiRequest): Promise<KpiResult> {
    return runKpi(this.registry, name, request, { gpuThresholds: this.config.gpu.thresholds, cost: costSettings(this.config) });
  }

  query(id: string, params: QueryParams): Promise<PlainRow[]> {
    return this.registry.run(id, params);
  }

  listDashboards(): DashboardList {
    return listDashboards(this.dashboardsDir, this.catalog());
  }

  dashboard(id: string): Dashboard {
    return loadDashboard(this.dashboardsDir, id, this.catalog());
  }

  async runPanel(dashboardId: string, panelName: string, range: TimeRange): Promise<PanelData> {
    const runner = { kpi: this.kpi.bind(this), query: this.query.bind(this) };
    return runPanel(this.dashboard(dashboardId), panelName, range, runner, this.config.gpu.thresholds);
  }

  private catalog(): Catalog {
    return catalogOf(this.registry.specs, kpiNames());
  }

  close(): void {
    this.registry.close();
    this.store.close();
  }
}
