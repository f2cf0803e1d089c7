import { describe, expect, it } from 'vitest';
import { ApiError } from './api.ts';
import { httpApi, tokenFromHash } from './http.ts';

const BASE = 'http://127.0.0.1:7420/';
const json = (status: number, body: unknown): Response => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

function api(respond: (url: URL, init: RequestInit | undefined) => Response | Promise<Response>, token: string | null = null): { requests: { url: string; auth: string | null }[]; api: ReturnType<typeof httpApi> } {
  const requests: { url: string; auth: string | null }[] = [];
  const fetchFn = (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = new URL(String(input));
    requests.push({ url: url.href, auth: new Headers(init?.headers).get('Authorization') });
    return Promise.resolve(respond(url, init));
  };
  return { requests, api: httpApi({ base: BASE, token: () => token, fetch: fetchFn as typeof fetch }) };
}

describe('httpApi', () => {
  it('asks the API relative to the page, with the range and the token', async () => {
    const { api: client, requests } = api(() => json(200, { ok: true, data: { rows: [{ gpus: 8 }], notes: [] } }), 'secret-token-123456');
    const data = await client.runPanel('gpu-fleet', 'summary', { from: '2026-11-01T00:00:00.000Z', to: '2026-11-08T00:00:00.000Z', tz: 'Europe/Paris' });
    expect(data).toEqual({ rows: [{ gpus: 8 }], notes: [] });
    expect(requests).toEqual([
      {
        url: 'http://127.0.0.1:7420/api/dashboards/gpu-fleet/panels/summary?from=2026-11-01T00%3A00%3A00.000Z&to=2026-11-08T00%3A00%3A00.000Z&tz=Europe%2FParis',
        auth: 'Bearer secret-token-123456',
      },
    ]);
  });

  it('turns error answers into an ApiError with the server message and status', async () => {
    const { api: client } = api(() => json(400, { ok: false, error: 'from: required (an ISO date or timestamp)' }));
    await expect(client.listDashboards()).rejects.toEqual(new ApiError('from: required (an ISO date or timestamp)', 400));
    const { api: locked } = api(() => new Response('nope', { status: 401 }));
    await expect(locked.listDashboards()).rejects.toThrow(/needs an API token/);
  });

  it('rejects answers that are not the contract', async () => {
    const { api: html } = api(() => new Response('<html>', { status: 502 }));
    await expect(html.listDashboards()).rejects.toThrow('unexpected answer (HTTP 502, not JSON)');
    const { api: wrong } = api(() => json(200, { ok: true, data: { dashboards: 'many' } }));
    await expect(wrong.listDashboards()).rejects.toThrow(/^unexpected answer: dashboards: /);
  });

  it('says when the server cannot be reached', async () => {
    const { api: down } = api(() => Promise.reject(new TypeError('fetch failed')));
    await expect(down.dashboard('gpu-fleet')).rejects.toEqual(new ApiError('cannot reach the Pulse server: fetch failed', null));
  });
});

describe('tokenFromHash', () => {
  it('reads #token=…', () => {
    expect(tokenFromHash('#token=abc%2Fdef')).toBe('abc/def');
    expect(tokenFromHash('')).toBeNull();
    expect(tokenFromHash('#token=')).toBeNull();
  });
});
