/**
 * Benchmark: `pulse demo` for 90 days (the target is under 60 s on a 2-core machine), run as a user runs it.
 * Prints wall time, rows written, rows/s and the peak resident memory (VmHWM, polled from /proc).
 *   node --import tsx test/bench/demo.bench.ts [days]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const days = process.argv[2] ?? '90';
const bin = fileURLToPath(new URL('../../bin/pulse.js', import.meta.url));
const db = join(mkdtempSync(join(tmpdir(), 'pulse-bench-')), 'demo.duckdb');

const started = performance.now();
const child = spawn(process.execPath, [bin, 'demo', '--db', db, '--days', days], { stdio: ['ignore', 'ignore', 'pipe'] });
let stderr = '';
child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
let peakKb = 0;
const poll = setInterval(() => {
  try {
    const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
    if (hwm) peakKb = Math.max(peakKb, Number(hwm[1]));
  } catch {
    // the process has just exited
  }
}, 100);
const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
clearInterval(poll);
const seconds = (performance.now() - started) / 1000;
if (code !== 0) {
  console.error(stderr);
  process.exit(1);
}
const rows = Number(/demo: ([\d,]+) rows/.exec(stderr)?.[1]?.replace(/,/g, '') ?? NaN);
console.log(`pulse demo --days ${days}`);
console.log(`  wall time      ${seconds.toFixed(1)} s   (target for 90 days: < 60 s on 2 cores)`);
console.log(`  rows written   ${rows.toLocaleString('en-US')}`);
console.log(`  throughput     ${Math.round(rows / seconds).toLocaleString('en-US')} rows/s`);
console.log(`  peak RSS       ${(peakKb / 1024).toFixed(0)} MiB`);
