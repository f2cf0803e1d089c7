/** The zod schema config sections use for Prometheus durations (kept apart from the parser, which needs no zod). */
import { z } from 'zod';
import { parsePromDuration } from './prom-duration.ts';

/** A positive Prometheus duration in a config file, read as milliseconds. */
export const promDurationSchema = z.string().transform((text, ctx) => {
  const ms = parsePromDuration(text);
  if (ms === undefined || ms === 0) {
    ctx.addIssue({ code: 'custom', message: `expected a positive duration such as 500ms, 15s, 1m30s or 2h, got ${JSON.stringify(text)}` });
    return z.NEVER;
  }
  return ms;
});
