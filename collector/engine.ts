/**
 * The engine API: what every transport (CLI, HTTP, Electron IPC) calls. It owns the store connection and the
 * query registry, and returns plain values only.
 */
import { openStore, type Store } from './store/db.ts';
import { QueryRegistry, type QueryParams } from '../queries/registry.ts';
import { runKpi } from '../queries/kpis.ts';
import type { KpiRequest, KpiResult, PlainRow } from '../queries/contract.ts';
import type { PulseConfig } from './config/schema.ts';

export interface EngineOptions {
  readOnly?: boolean;
}

export class Engine {
  private constructor(
    readonly store: Store,
    readonly config: PulseConfig,
    private readonly registry: QueryRegistry,
  ) {}

  static async open(dbFile: string, config: PulseConfig, options: EngineOptions = {}): Promise<Engine> {
    const store = await openStore(dbFile, { readOnly: options.readOnly ?? false });
    try {
      return new Engine(store, config, QueryRegistry.load(store.connection));
    } catch (error) {
      store.close();
      throw error;
    }
  }

  kpi(name: string, request: KpiRequest): Promise<KpiResult> {
    return runKpi(this.registry, name, request, { gpuThresholds: this.config.gpu.thresholds });
  }

  query(id: string, params: QueryParams): Promise<PlainRow[]> {
    return this.registry.run(id, params);
  }

  close(): void {
    this.registry.close();
    this.store.close();
  }
}
