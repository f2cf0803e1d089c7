/** What the sync commands share: --since, the rate-limit countdown on stderr. */
import { parseInstant } from '../../../queries/time.ts';
import { UsageError } from '../context.ts';
import { realWaiter, type Waiter } from '../../sources/delivery/wait.ts';

export function sinceOption(text: string | undefined, tz: string): number | null {
  if (text === undefined) return null;
  const ms = parseInstant(text, tz);
  if (ms === null) throw new UsageError(`--since: expected an ISO date or timestamp (2026-10-01), got "${text}"`);
  return ms;
}

/** A waiter whose countdown redraws one stderr line (a line every 10 s when stderr is not a terminal). */
export function countdownWaiter(stream: NodeJS.WriteStream = process.stderr): Waiter {
  return realWaiter((seconds, reason) => {
    if (stream.isTTY) stream.write(seconds > 0 ? `\r${reason}: waiting ${seconds} s\x1b[K` : '\r\x1b[K');
    else if (seconds > 0 && seconds % 10 === 0) stream.write(`${reason}: waiting ${seconds} s\n`);
  });
}
