/**
 * The Electron main process: one sandboxed window on the built UI, the IPC handlers on the engine, the menus,
 * and the rules of DESIGN.md (no navigation, no new windows, external links only to vetted http(s) URLs, no
 * permissions). Compiled to dist-electron/electron/main.js. The engine is TypeScript that reads its .sql and
 * .yaml files beside its sources, so it is not compiled here: main.js registers tsx's loader and imports
 * electron/engine-host.ts at run time, as bin/pulse.js does for the CLI.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, Menu, session, shell, type MenuItemConstructorOptions } from 'electron';
import { register } from 'tsx/esm/api';
import type { IpcChannel } from './contract.ts';
import { handlers, type EngineHostModule, type IpcContext, type OpenedEngine } from './ipc.ts';
import { isVettedExternalUrl } from './navigation.ts';

const ROOT = app.getAppPath();
const INDEX = join(ROOT, 'dist', 'renderer', 'index.html');
const APP_URL = pathToFileURL(INDEX).href;
const PRELOAD = join(ROOT, 'dist-electron', 'electron', 'preload.cjs');
const HELP_URL = 'https://docs.nvidia.com/datacenter/dcgm/latest/dcgm-api/dcgm-api-field-ids.html';

let engine: OpenedEngine | null = null;

// Every renderer is sandboxed, whatever a window's own options say.
app.enableSandbox();

function openExternal(url: string): void {
  if (isVettedExternalUrl(url)) void shell.openExternal(url);
}

/** Opens the database (creating the demo one on first start) without holding up the window. */
async function openEngine(window: () => BrowserWindow | null): Promise<OpenedEngine> {
  register();
  const host = (await import(pathToFileURL(join(ROOT, 'electron', 'engine-host.ts')).href)) as EngineHostModule;
  const opened = await host.openDesktopEngine((line) => {
    process.stdout.write(`${line}\n`);
    window()?.setTitle(`Pulse — ${line}`);
  });
  window()?.setTitle('Pulse');
  engine = opened;
  return opened;
}

function registerIpc(context: IpcContext): void {
  for (const channel of Object.keys(handlers) as IpcChannel[]) {
    // senderFrame is null once the frame is gone: an empty URL, which the handlers refuse.
    ipcMain.handle(channel, (event, payload: unknown) => handlers[channel](context, event.senderFrame?.url ?? '', payload));
  }
}

function hardenSessions(): void {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      event.preventDefault();
      openExternal(url);
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      openExternal(url);
      return { action: 'deny' };
    });
  });
}

function menu(): Menu {
  const isMac = process.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        { role: 'reload', label: 'Reload Data' },
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
        ...(app.isPackaged ? [] : [{ type: 'separator' as const }, { role: 'toggleDevTools' as const }]),
      ],
    },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [{ label: 'GPU Metric Fields (NVIDIA DCGM)', click: () => openExternal(HELP_URL) }],
    },
  ];
  return Menu.buildFromTemplate(template);
}

function createWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1440,
    height: 960,
    minWidth: 900,
    minHeight: 600,
    title: 'Pulse',
    backgroundColor: '#0b0f17',
    show: false,
    webPreferences: {
      preload: PRELOAD,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webviewTag: false,
      spellcheck: false,
    },
  });
  window.once('ready-to-show', () => window.show());
  void window.loadFile(INDEX);
  return window;
}

async function start(): Promise<void> {
  if (!existsSync(INDEX) || !existsSync(PRELOAD)) {
    dialog.showErrorBox('Pulse', `The app is not built (${existsSync(INDEX) ? PRELOAD : INDEX} is missing): run npm run build.`);
    app.quit();
    return;
  }
  hardenSessions();
  Menu.setApplicationMenu(menu());
  let window: BrowserWindow | null = null;
  const opening = openEngine(() => window);
  // A failure (database locked by `pulse serve`, bad pulse.yaml) reaches the panels through every IPC answer.
  opening.catch((error: unknown) => process.stderr.write(`pulse: ${error instanceof Error ? error.message : String(error)}\n`));
  registerIpc({ engine: () => opening, appUrl: APP_URL });
  window = createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) window = createWindow();
  });
}

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

app.on('will-quit', () => {
  engine?.close();
  engine = null;
});

app.whenReady().then(start, (error: unknown) => {
  process.stderr.write(`pulse: ${String(error)}\n`);
  app.exit(1);
});
