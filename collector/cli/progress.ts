/** A CLI progress bar on stderr: counts, rate and ETA; plain lines when stderr is not a terminal. */

export interface ProgressBar {
  update(done: number, total: number, rows: number): void;
  finish(message: string): void;
}

export function formatProgress(label: string, done: number, total: number, rows: number, elapsedMs: number, width = 24): string {
  const ratio = total > 0 ? Math.min(1, done / total) : 0;
  const filled = Math.round(ratio * width);
  const seconds = Math.max(elapsedMs / 1000, 0.001);
  const rate = rows / seconds;
  const eta = done > 0 && done < total ? ` ETA ${Math.ceil((seconds / done) * (total - done))}s` : '';
  return `${label} [${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${done}/${total}  ${compact(rows)} rows  ${compact(rate)} rows/s${eta}`;
}

function compact(n: number): string {
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)}M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)}k`;
  return String(Math.round(n));
}

export function progressBar(label: string, stream: NodeJS.WriteStream = process.stderr, now: () => number = Date.now): ProgressBar {
  const started = now();
  let lastPlain = 0;
  return {
    update(done, total, rows) {
      const text = formatProgress(label, done, total, rows, now() - started);
      if (stream.isTTY) {
        stream.write(`\r${text}\x1b[K`);
      } else if (now() - lastPlain >= 2000 || done === total) {
        // Non-interactive output (CI logs, pipes): a line every two seconds instead of a redrawn bar.
        lastPlain = now();
        stream.write(`${text}\n`);
      }
    },
    finish(message) {
      if (stream.isTTY) stream.write('\r\x1b[K');
      stream.write(`${message}\n`);
    },
  };
}
