import { describe, expect, it } from 'vitest';
import type { TimeRange } from '../dashboards/spec.ts';
import { handlers, isAppUrl, type DesktopEngine, type IpcContext } from './ipc.ts';

const APP_URL = 'file:///opt/pulse/dist/renderer/index.html';
const calls: unknown[] = [];
const engine: DesktopEngine = {
  listDashboards: () => ({ dashboards: [{ id: 'gpu-fleet', title: 'GPU fleet', description: null }], problems: [] }),
  dashboard: (id) => {
    throw new Error(`no dashboard "${id}"`);
  },
  runPanel: (dashboard: string, panel: string, range: TimeRange) => {
    calls.push({ dashboard, panel, range });
    return Promise.resolve({ rows: [{ gpus: 8 }], notes: [] });
  },
};
const context: IpcContext = { engine: () => Promise.resolve(engine), appUrl: APP_URL };
const range = { from: '2026-11-01', to: '2026-11-08', tz: 'Europe/Paris' };

describe('isAppUrl', () => {
  it('accepts the app page only, whatever its fragment', () => {
    expect(isAppUrl(APP_URL, APP_URL)).toBe(true);
    expect(isAppUrl(`${APP_URL}#token=x`, APP_URL)).toBe(true);
    expect(isAppUrl('file:///opt/pulse/dist/renderer/other.html', APP_URL)).toBe(false);
    expect(isAppUrl('file:///tmp/evil/dist/renderer/index.html', APP_URL)).toBe(false);
    expect(isAppUrl('https://evil.example/dist/renderer/index.html', APP_URL)).toBe(false);
    expect(isAppUrl('file://remote-host/opt/pulse/dist/renderer/index.html', APP_URL)).toBe(false);
    expect(isAppUrl('', APP_URL)).toBe(false);
    expect(isAppUrl('not a url', APP_URL)).toBe(false);
  });
});

describe('IPC handlers', () => {
  it('answer the app page', async () => {
    expect(await handlers['pulse:list-dashboards'](context, APP_URL, null)).toEqual({
      ok: true,
      data: { dashboards: [{ id: 'gpu-fleet', title: 'GPU fleet', description: null }], problems: [] },
    });
    calls.length = 0;
    expect(await handlers['pulse:run-panel'](context, APP_URL, { dashboard: 'gpu-fleet', panel: 'summary', range })).toEqual({
      ok: true,
      data: { rows: [{ gpus: 8 }], notes: [] },
    });
    // The range reaches the engine resolved: ISO instants in UTC, dates read in the zone.
    expect(calls).toEqual([{ dashboard: 'gpu-fleet', panel: 'summary', range: { from: '2026-10-31T23:00:00.000Z', to: '2026-11-07T23:00:00.000Z', tz: 'Europe/Paris' } }]);
  });

  it('refuse any other sender before looking at the payload', async () => {
    for (const sender of ['https://evil.example/', 'file:///tmp/index.html', '']) {
      const result = await handlers['pulse:list-dashboards'](context, sender, null);
      expect(result).toMatchObject({ ok: false, error: expect.stringContaining('refused: the sender is not the Pulse window') });
    }
  });

  it('refuse payloads that do not match the contract', async () => {
    const run = (payload: unknown): Promise<unknown> => handlers['pulse:run-panel'](context, APP_URL, payload);
    expect(await run(undefined)).toEqual({ ok: false, error: 'pulse:run-panel: invalid payload: payload: Invalid input: expected object, received undefined' });
    expect(await run({ dashboard: 'gpu-fleet', panel: 'summary' })).toMatchObject({ ok: false, error: expect.stringContaining('invalid payload: range:') });
    expect(await run({ dashboard: '../etc', panel: 'summary', range })).toMatchObject({ ok: false, error: expect.stringContaining('invalid payload: dashboard: a dashboard or panel name') });
    expect(await run({ dashboard: 'gpu-fleet', panel: 'summary', range, extra: 1 })).toMatchObject({ ok: false, error: expect.stringContaining('invalid payload') });
    expect(await run({ dashboard: 'gpu-fleet', panel: 'summary', range: { ...range, from: 'yesterday' } })).toEqual({
      ok: false,
      error: 'from: expected an ISO date or timestamp (2026-10-01 or 2026-10-01T12:00:00Z), got "yesterday"',
    });
    expect(await handlers['pulse:list-dashboards'](context, APP_URL, { all: true })).toMatchObject({ ok: false });
    expect(await handlers['pulse:get-dashboard'](context, APP_URL, { id: 42 })).toMatchObject({ ok: false, error: expect.stringContaining('invalid payload: id') });
  });

  it('turn engine failures into an error result', async () => {
    expect(await handlers['pulse:get-dashboard'](context, APP_URL, { id: 'missing' })).toEqual({ ok: false, error: 'no dashboard "missing"' });
    const failing: IpcContext = { engine: () => Promise.reject(new Error('database /x is in use by another process')), appUrl: APP_URL };
    expect(await handlers['pulse:list-dashboards'](failing, APP_URL, null)).toEqual({ ok: false, error: 'database /x is in use by another process' });
  });
});
