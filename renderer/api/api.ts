/**
 * What the UI asks of Pulse, whatever carries it (HTTP to `pulse serve`, or Electron IPC). Every answer is
 * checked against a schema before the UI uses it, and failures become an ApiError with a readable message.
 */
import { z } from 'zod';
import { dashboardSchema, type Dashboard, type DashboardList, type PanelData, type TimeRange } from '../../dashboards/spec.ts';

export interface Api {
  listDashboards(): Promise<DashboardList>;
  dashboard(id: string): Promise<Dashboard>;
  runPanel(dashboard: string, panel: string, range: TimeRange): Promise<PanelData>;
}

export class ApiError extends Error {
  /** status: the HTTP status, or null when there was no HTTP answer (network, IPC). */
  constructor(
    message: string,
    readonly status: number | null,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

const envelope = z.discriminatedUnion('ok', [z.object({ ok: z.literal(true), data: z.unknown() }), z.object({ ok: z.literal(false), error: z.string() })]);

export const dashboardListSchema = z.object({
  dashboards: z.array(z.object({ id: z.string(), title: z.string(), description: z.string().nullable() })),
  problems: z.array(z.string()),
});

export const panelDataSchema = z.object({ rows: z.array(z.record(z.string(), z.json())), notes: z.array(z.string()) });

export { dashboardSchema };

/** Unwraps a `{ ok, data } | { ok, error }` answer and checks its data. */
export function decode<T>(body: unknown, schema: z.ZodType<T>, status: number | null): T {
  const result = envelope.safeParse(body);
  if (!result.success) throw new ApiError(`unexpected answer${status === null ? '' : ` (HTTP ${status})`}`, status);
  if (!result.data.ok) throw new ApiError(result.data.error, status);
  const data = schema.safeParse(result.data.data);
  if (!data.success) {
    const issue = data.error.issues[0];
    throw new ApiError(`unexpected answer: ${issue ? `${issue.path.join('.')}: ${issue.message}` : 'invalid data'}`, status);
  }
  return data.data;
}
