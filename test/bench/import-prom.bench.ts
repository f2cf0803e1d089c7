/**
 * End-to-end `pulse import prom` of a generated 10,000-GPU dcgm-exporter scrape (23 series per GPU, ~64 MB), the
 * whole process (`node bin/pulse.js import prom FILE` into a new database: start-up, parse, GPU mapping, rollup,
 * store, commit, close), against parse-prometheus-text-format (PPTF) just parsing the same text (pptf-parse.ts).
 *
 *   npm run bench:import            (or: node --import tsx test/bench/import-prom.bench.ts [runs])
 *
 * Target (issue 3): the import takes at most half the time PPTF needs to parse. Each side is run `runs` times
 * (default 5: a machine's speed drifts from minute to minute), alternating so that both sides drift alike, and the
 * medians are compared. Each run is a fresh process while this one waits: a parse in this process would leave its
 * garbage to V8's background threads, which then compete with the next import for the cores. For context it also
 * times the CLI's start-up alone (`pulse --help`), which every command pays.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freshBuild } from '../../bin/cli-build.js';
import { generateDcgmScrape } from './dcgm-scrape.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PULSE = join(ROOT, 'bin', 'pulse.js');
const PPTF_PARSE = join(ROOT, 'test', 'bench', 'pptf-parse.ts');
const GPUS = 10_000;

/** PPTF's parse time of the file in a fresh process, in ms. */
function pptfParseMs(file: string): number {
  const child = spawnSync(process.execPath, ['--import', 'tsx', PPTF_PARSE, file], { cwd: ROOT, encoding: 'utf8' });
  const ms = Number(child.stdout.trim());
  if (child.status !== 0 || !Number.isFinite(ms)) throw new Error(`pptf-parse.ts failed (${String(child.status)}): ${child.stderr}`);
  return ms;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

function main(): void {
  // bin/pulse.js runs the TypeScript through tsx when the compiled CLI is older than the sources: that is not what
  // an installed Pulse runs, and it starts several times slower.
  if (freshBuild(ROOT) === undefined) throw new Error('dist/cli is missing or older than the sources: run `npm run build` first');
  const runs = Number(process.argv[2] ?? 5);
  const dir = mkdtempSync(join(tmpdir(), 'pulse-bench-import-'));
  try {
    const file = join(dir, 'dcgm-10k.prom');
    writeFileSync(file, generateDcgmScrape({ gpus: GPUS }));
    const bytes = statSync(file).size;
    const importMs: number[] = [];
    const pptfMs: number[] = [];
    const startupMs: number[] = [];
    let lastOutput = '';
    for (let run = 0; run < runs; run++) {
      const db = join(dir, `run-${run}.duckdb`);
      const started = performance.now();
      const child = spawnSync(process.execPath, [PULSE, '--db', db, 'import', 'prom', file], { cwd: dir, encoding: 'utf8' });
      importMs.push(performance.now() - started);
      if (child.status !== 0) throw new Error(`pulse import prom failed (${String(child.status)}): ${child.stderr}`);
      lastOutput = child.stderr;
      rmSync(db, { force: true });
      const bare = performance.now();
      spawnSync(process.execPath, [PULSE, '--help'], { cwd: dir });
      startupMs.push(performance.now() - bare);
      pptfMs.push(pptfParseMs(file));
    }
    const imp = median(importMs);
    const ref = median(pptfMs);
    console.log(`node ${process.version}; ${GPUS.toLocaleString('en-US')}-GPU dcgm-exporter scrape, ${(bytes / 1e6).toFixed(1)} MB; median of ${runs} runs\n`);
    console.log(`pulse import prom (whole process)   ${(imp / 1000).toFixed(2)} s   runs: ${importMs.map((ms) => (ms / 1000).toFixed(2)).join(', ')}`);
    console.log(`parse-prometheus-text-format parse  ${(ref / 1000).toFixed(2)} s   runs: ${pptfMs.map((ms) => (ms / 1000).toFixed(2)).join(', ')}`);
    console.log(`pulse --help (CLI start-up alone)   ${(median(startupMs) / 1000).toFixed(2)} s`);
    console.log(`import / PPTF parse = ${(imp / ref).toFixed(2)} (target ≤ 0.50: ${imp <= ref / 2 ? 'met' : 'NOT met'})`);
    console.log(`\nlast import said: ${lastOutput.trim().split('\n').pop() ?? ''}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
