/** The Api over HTTP, for the UI served by `pulse serve`. */
import type { z } from 'zod';
import type { TimeRange } from '../../dashboards/spec.ts';
import { ApiError, dashboardListSchema, dashboardSchema, decode, panelDataSchema, type Api } from './api.ts';

export interface HttpApiOptions {
  /** The page's base URL: API paths are relative to it, so a reverse proxy may mount the UI anywhere. */
  base: string;
  /** The API token, when the server needs one. */
  token: () => string | null;
  fetch?: typeof fetch;
}

export function httpApi(options: HttpApiOptions): Api {
  const fetchFn = options.fetch ?? ((input, init) => fetch(input, init));
  const get = async <T>(path: string, schema: z.ZodType<T>, params: Record<string, string> = {}): Promise<T> => {
    const url = new URL(path, options.base);
    for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
    const token = options.token();
    let response: Response;
    try {
      response = await fetchFn(url, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
    } catch (error) {
      throw new ApiError(`cannot reach the Pulse server: ${error instanceof Error ? error.message : String(error)}`, null);
    }
    if (response.status === 401) throw new ApiError('this server needs an API token: open the page as …/#token=YOUR_TOKEN', 401);
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      throw new ApiError(`unexpected answer (HTTP ${response.status}, not JSON)`, response.status);
    }
    return decode(body, schema, response.status);
  };
  const segment = encodeURIComponent;
  return {
    listDashboards: () => get('api/dashboards', dashboardListSchema),
    dashboard: (id) => get(`api/dashboards/${segment(id)}`, dashboardSchema),
    runPanel: (dashboard, panel, range: TimeRange) =>
      get(`api/dashboards/${segment(dashboard)}/panels/${segment(panel)}`, panelDataSchema, { from: range.from, to: range.to, tz: range.tz }),
  };
}

/** The token given in the page's fragment (`#token=…`): fragments never reach server logs. */
export function tokenFromHash(hash: string): string | null {
  const token = new URLSearchParams(hash.replace(/^#/, '')).get('token');
  return token === null || token === '' ? null : token;
}
