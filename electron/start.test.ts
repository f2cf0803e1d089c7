import { describe, expect, it } from 'vitest';
import { electronLaunch } from './start.ts';

const exists = (): boolean => true;
const display = { DISPLAY: ':0' };

describe('electronLaunch', () => {
  it('launches the binary require("electron") names when there is a display', () => {
    expect(electronLaunch(() => '/opt/electron/electron', exists, display, 'linux')).toEqual({ ok: true, binary: '/opt/electron/electron' });
    expect(electronLaunch(() => '/opt/electron/electron', exists, { WAYLAND_DISPLAY: 'wayland-0' }, 'linux').ok).toBe(true);
    expect(electronLaunch(() => '/Applications/Electron.app', exists, {}, 'darwin').ok).toBe(true);
  });

  it('says why it cannot: no binary, no package, no display', () => {
    const notDownloaded = (): never => {
      throw new Error('Electron failed to install correctly, please delete node_modules/electron and try installing again');
    };
    expect(electronLaunch(notDownloaded, exists, display, 'linux')).toEqual({
      ok: false,
      reason: "Electron's binary is missing (Electron failed to install correctly, please delete node_modules/electron and try installing again)",
    });
    const notInstalled = (): never => {
      throw new Error("Cannot find module 'electron'\nRequire stack: …");
    };
    expect(electronLaunch(notInstalled, exists, display, 'linux')).toEqual({ ok: false, reason: 'Electron is not installed (an optional dependency)' });
    expect(electronLaunch(() => '/gone/electron', () => false, display, 'linux')).toEqual({ ok: false, reason: "Electron's binary is missing (/gone/electron)" });
    expect(electronLaunch(() => '/opt/electron/electron', exists, {}, 'linux')).toEqual({
      ok: false,
      reason: 'no display to open a window on ($DISPLAY and $WAYLAND_DISPLAY are unset)',
    });
  });
});
