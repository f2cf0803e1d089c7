/**
 * The preload: exposes `window.pulse`, one function per IPC operation (never a generic invoke). A sandboxed
 * preload runs as a CommonJS script whose require() knows only Electron's renderer modules, so this file is
 * .cts and imports nothing but types from the contract.
 */
import type { IpcChannel, IpcRequest, IpcResult, PulseBridge } from './contract.ts';
// eslint-disable-next-line @typescript-eslint/no-require-imports -- require() is the only import a sandboxed preload has
import electron = require('electron');

function invoke<C extends IpcChannel>(channel: C, payload: IpcRequest<C>): Promise<IpcResult<C>> {
  return electron.ipcRenderer.invoke(channel, payload) as Promise<IpcResult<C>>;
}

const bridge: PulseBridge = {
  listDashboards: () => invoke('pulse:list-dashboards', null),
  dashboard: (id) => invoke('pulse:get-dashboard', { id }),
  runPanel: (dashboard, panel, range) => invoke('pulse:run-panel', { dashboard, panel, range }),
};

electron.contextBridge.exposeInMainWorld('pulse', bridge);
