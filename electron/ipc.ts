/**
 * The IPC handlers of the main process, as plain functions `(context, senderUrl, payload) → Result`: each checks
 * that the sender is the app's own page and that the payload has the contract's shape before the engine sees
 * it. No Electron import, so they are tested without Electron.
 */
import { z } from 'zod';
import { parseTimeRange } from '../dashboards/range.ts';
import type { Dashboard, DashboardList, PanelData, TimeRange } from '../dashboards/spec.ts';
import type { IpcChannel, IpcContract, IpcResult } from './contract.ts';

/** What the handlers need of the engine (the Engine class has it). */
export interface DesktopEngine {
  listDashboards(): DashboardList;
  dashboard(id: string): Dashboard;
  runPanel(dashboardId: string, panelName: string, range: TimeRange): Promise<PanelData>;
}

export interface OpenedEngine extends DesktopEngine {
  close(): void;
}

/** electron/engine-host.ts, loaded through tsx at run time (see main.ts). */
export interface EngineHostModule {
  /** Opens the engine on the CLI's default database ($PULSE_HOME/pulse.duckdb), creating the demo one when missing. */
  openDesktopEngine(onProgress: (line: string) => void): Promise<OpenedEngine>;
}

export interface IpcContext {
  /** The engine once its database is open (the first start may create the demo database first). */
  engine: () => Promise<DesktopEngine>;
  /** The app's page, file:///…/dist/renderer/index.html: the only sender served. */
  appUrl: string;
}

export type IpcHandler<C extends IpcChannel> = (context: IpcContext, senderUrl: string, payload: unknown) => Promise<IpcResult<C>>;

const name = z.string().max(100).regex(/^[a-z][a-z0-9_-]*$/, 'a dashboard or panel name');
const instant = z.string().min(1).max(64);

const payloads = {
  'pulse:list-dashboards': z.null(),
  'pulse:get-dashboard': z.object({ id: name }).strict(),
  'pulse:run-panel': z
    .object({ dashboard: name, panel: name, range: z.object({ from: instant, to: instant, tz: z.string().min(1).max(64) }).strict() })
    .strict(),
} satisfies { [C in IpcChannel]: z.ZodType<IpcContract[C]['request']> };

/** The sender is the app's page: a file: URL with the same path (a hash or query string aside). */
export function isAppUrl(senderUrl: string, appUrl: string): boolean {
  if (!URL.canParse(senderUrl) || !URL.canParse(appUrl)) return false;
  const sender = new URL(senderUrl);
  const app = new URL(appUrl);
  return sender.protocol === 'file:' && app.protocol === 'file:' && sender.host === app.host && sender.pathname === app.pathname;
}

function handler<C extends IpcChannel>(
  channel: C,
  run: (engine: DesktopEngine, payload: IpcContract[C]['request']) => IpcContract[C]['response'] | Promise<IpcContract[C]['response']>,
): IpcHandler<C> {
  return async (context, senderUrl, payload) => {
    if (!isAppUrl(senderUrl, context.appUrl)) return { ok: false, error: `${channel}: refused: the sender is not the Pulse window (${senderUrl || 'no URL'})` };
    const parsed = payloads[channel].safeParse(payload);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return { ok: false, error: `${channel}: invalid payload: ${issue ? `${issue.path.join('.') || 'payload'}: ${issue.message}` : 'rejected'}` };
    }
    try {
      return { ok: true, data: await run(await context.engine(), parsed.data as IpcContract[C]['request']) };
    } catch (error) {
      return { ok: false, error: error instanceof Error ? error.message : String(error) };
    }
  };
}

export const handlers: { [C in IpcChannel]: IpcHandler<C> } = {
  'pulse:list-dashboards': handler('pulse:list-dashboards', (engine) => engine.listDashboards()),
  'pulse:get-dashboard': handler('pulse:get-dashboard', (engine, { id }) => engine.dashboard(id)),
  'pulse:run-panel': handler('pulse:run-panel', (engine, { dashboard, panel, range }) => {
    const parsed = parseTimeRange(range);
    if (!parsed.ok) throw new RangeError(parsed.error);
    return engine.runPanel(dashboard, panel, parsed.range);
  }),
};
