/**
 * The typed IPC contract between the renderer and the Electron main process: one channel per operation, its
 * payload and the data of its Result. Pure types, importable by main, preload and renderer.
 */
import type { Result } from '../queries/contract.ts';
import type { Dashboard, DashboardList, PanelData, TimeRange } from '../dashboards/spec.ts';

export interface IpcContract {
  'pulse:list-dashboards': { request: null; response: DashboardList };
  'pulse:get-dashboard': { request: { id: string }; response: Dashboard };
  'pulse:run-panel': { request: { dashboard: string; panel: string; range: TimeRange }; response: PanelData };
}

export type IpcChannel = keyof IpcContract;
export type IpcRequest<C extends IpcChannel> = IpcContract[C]['request'];
export type IpcResult<C extends IpcChannel> = Result<IpcContract[C]['response']>;

/** `window.pulse`, as the preload exposes it: one function per operation, never a generic invoke. */
export interface PulseBridge {
  listDashboards(): Promise<IpcResult<'pulse:list-dashboards'>>;
  dashboard(id: string): Promise<IpcResult<'pulse:get-dashboard'>>;
  runPanel(dashboard: string, panel: string, range: TimeRange): Promise<IpcResult<'pulse:run-panel'>>;
}
