/** The Api over Electron IPC: `window.pulse`, the bridge the preload exposes. */
import type { PulseBridge } from '../../electron/contract.ts';
import { dashboardListSchema, dashboardSchema, decode, panelDataSchema, type Api } from './api.ts';

declare global {
  interface Window {
    pulse?: PulseBridge;
  }
}

export function ipcApi(bridge: PulseBridge): Api {
  return {
    listDashboards: async () => decode(await bridge.listDashboards(), dashboardListSchema, null),
    dashboard: async (id) => decode(await bridge.dashboard(id), dashboardSchema, null),
    runPanel: async (dashboard, panel, range) => decode(await bridge.runPanel(dashboard, panel, range), panelDataSchema, null),
  };
}
