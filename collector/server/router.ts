/**
 * `pulse serve`'s request handling as a function from request to response: the read-only JSON API and the built
 * UI. Answers `{ ok: true, data }` or `{ ok: false, error }` with a status code saying what went wrong:
 * 400 a bad parameter (named), 401 no valid token, 403 a foreign Host, 404 nothing there, 405 not GET, 500 a
 * failure of ours.
 */
import { kpiGroupBy, kpiNames } from '../../queries/kpis.ts';
import type { KpiRequest, KpiResult, Result } from '../../queries/contract.ts';
import type { Dashboard, DashboardList, PanelData, TimeRange } from '../../dashboards/spec.ts';
import { parseTimeRange } from '../../dashboards/range.ts';
import { DashboardError, NotFoundError } from '../../dashboards/errors.ts';
import { hasBearer, isLoopbackHostHeader, SECURITY_HEADERS } from './security.ts';
import type { StaticSite } from './static.ts';

/** What the API needs of the engine (the Engine class has it). */
export interface ApiEngine {
  listDashboards(): DashboardList;
  dashboard(id: string): Dashboard;
  runPanel(dashboardId: string, panelName: string, range: TimeRange): Promise<PanelData>;
  kpi(name: string, request: KpiRequest): Promise<KpiResult>;
}

export interface RouterOptions {
  engine: ApiEngine;
  /** The built UI; null serves the API only. */
  ui: StaticSite | null;
  /** When set, API requests need `Authorization: Bearer <token>`. */
  token: string | null;
  /** Bound to loopback: only requests naming a loopback host are answered (DNS rebinding). */
  loopback: boolean;
  /** Told about failures answered with 500. */
  onError?: (error: unknown) => void;
  /** Webhook receivers by name, at POST /hooks/<name>: they authenticate their senders themselves. */
  hooks?: Readonly<Record<string, Router>>;
}

export interface HttpRequest {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  /** The body, refused past `limit` bytes (webhooks read it; the read-only API never does). */
  readBody?: (limit: number) => Promise<Uint8Array>;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string | Uint8Array;
}

export type Router = (request: HttpRequest) => Promise<HttpResponse>;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export function createRouter(options: RouterOptions): Router {
  return async (request) => {
    try {
      // Webhooks arrive through tunnels and proxies under other host names, and carry their own credentials.
      const hookName = /^\/hooks\/([a-z]+)\/?(?:\?.*)?$/.exec(request.url)?.[1];
      if (hookName !== undefined && options.hooks && Object.hasOwn(options.hooks, hookName)) return await (options.hooks[hookName] as Router)(request);
      if (options.loopback && !isLoopbackHostHeader(header(request, 'host'))) {
        throw new HttpError(403, 'this server answers requests for localhost only');
      }
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        throw new HttpError(405, `${request.method} is not allowed: the API is read-only`, { Allow: 'GET, HEAD' });
      }
      const url = new URL(request.url, 'http://localhost');
      const path = decodePath(url.pathname);
      if (path[0] === 'api') {
        if (options.token !== null && !hasBearer(header(request, 'authorization'), options.token)) {
          throw new HttpError(401, 'this server needs an API token: send Authorization: Bearer <token>', { 'WWW-Authenticate': 'Bearer realm="pulse"' });
        }
        return json(200, { ok: true, data: await api(options.engine, path.slice(1), url.searchParams) });
      }
      const file = options.ui?.read(`/${path.join('/')}`);
      if (!file) throw new HttpError(404, `not found: ${url.pathname}`);
      return {
        status: 200,
        headers: { ...SECURITY_HEADERS, 'Content-Type': file.type, 'Cache-Control': file.immutable ? 'public, max-age=31536000, immutable' : 'no-cache' },
        body: file.body,
      };
    } catch (error) {
      return failure(error, options.onError);
    }
  };
}

async function api(engine: ApiEngine, path: string[], query: URLSearchParams): Promise<unknown> {
  const [resource, id, sub, panel, ...rest] = path;
  if (rest.length === 0) {
    if (resource === 'dashboards' && id === undefined) return engine.listDashboards();
    if (resource === 'dashboards' && id !== undefined && sub === undefined) return engine.dashboard(id);
    if (resource === 'dashboards' && id !== undefined && sub === 'panels' && panel !== undefined) {
      return engine.runPanel(id, panel, range(query));
    }
    if (resource === 'kpi' && id !== undefined && sub === undefined) {
      if (!kpiNames().includes(id)) throw new NotFoundError(`unknown KPI "${id}" (known: ${kpiNames().join(', ')})`);
      const groupBy = query.get('group_by') || null;
      if (groupBy !== null && !kpiGroupBy(id).includes(groupBy)) {
        throw new HttpError(400, `group_by: ${id} cannot be grouped by "${groupBy}" (expected one of ${kpiGroupBy(id).join(', ')})`);
      }
      return engine.kpi(id, { ...range(query), groupBy });
    }
  }
  throw new NotFoundError(`no API route /api/${path.join('/')}`);
}

function range(query: URLSearchParams): TimeRange {
  const parsed = parseTimeRange({ from: query.get('from') ?? undefined, to: query.get('to') ?? undefined, tz: query.get('tz') ?? undefined });
  if (!parsed.ok) throw new HttpError(400, parsed.error);
  return parsed.range;
}

function decodePath(pathname: string): string[] {
  try {
    return pathname.split('/').filter((s) => s !== '').map(decodeURIComponent);
  } catch {
    throw new HttpError(400, `malformed URL path ${pathname}`);
  }
}

function header(request: HttpRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function failure(error: unknown, onError: RouterOptions['onError']): HttpResponse {
  if (error instanceof HttpError) return json(error.status, { ok: false, error: error.message }, error.headers);
  if (error instanceof NotFoundError) return json(404, { ok: false, error: error.message });
  // The engine's argument checks (e.g. an unsupported grouping) throw RangeError.
  if (error instanceof RangeError) return json(400, { ok: false, error: error.message });
  onError?.(error);
  const message = error instanceof DashboardError ? error.message : error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
  return json(500, { ok: false, error: message });
}

function json(status: number, body: Result<unknown>, headers: Record<string, string> = {}): HttpResponse {
  return {
    status,
    headers: { ...SECURITY_HEADERS, 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...headers },
    body: JSON.stringify(body),
  };
}
