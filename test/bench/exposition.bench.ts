/**
 * Throughput of Pulse's exposition parser against the npm package parse-prometheus-text-format (PPTF),
 * on every real scrape fixture and on a generated 10,000-GPU dcgm-exporter scrape.
 *
 *   node --import tsx test/bench/exposition.bench.ts
 *
 * Each input is parsed after a warm-up; the figure is the median of several timed runs (small inputs are
 * parsed repeatedly inside a run so that a run lasts long enough to time). No forced GC between runs:
 * a full collection there made both parsers several times slower on small inputs right afterwards. MB are 10^6 bytes of UTF-8;
 * samples/s uses Pulse's sample count for both parsers, so the two rates compare the same work. Pulse
 * parses with its callback API and keeps nothing, which is how an importer uses it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ExpositionOptions } from '../../collector/sources/prometheus/exposition.ts';
import { ExpositionParser } from '../../collector/sources/prometheus/exposition.ts';
import { generateDcgmScrape } from './dcgm-scrape.ts';

const FIXTURES = fileURLToPath(new URL('../../../shared/fixtures/', import.meta.url));
const CHUNK = 64 * 1024;
/** Long enough for V8 to optimise the hot functions before timing starts. */
const WARM_UP_MS = 400;
const MIN_RUN_MS = 50;

type Parse = (text: string) => unknown;

interface Input {
  readonly name: string;
  readonly text: string;
  readonly options: ExpositionOptions;
  /** Runs measured after the warm-up; fewer for the big input, where PPTF takes seconds. */
  readonly runs: number;
}

interface Row {
  readonly input: string;
  readonly bytes: number;
  readonly samples: number;
  readonly pulseMs: number;
  readonly pulseChunkedMs: number;
  readonly pptfMs: number | undefined;
  readonly note: string;
}

function loadPptf(): Parse {
  const required: unknown = createRequire(import.meta.url)('parse-prometheus-text-format');
  if (typeof required !== 'function') throw new Error('parse-prometheus-text-format does not export a function');
  return (text) => required(text);
}

function pulse(options: ExpositionOptions, chunkSize?: number): (text: string) => number {
  return (text) => {
    let samples = 0;
    const parser = new ExpositionParser(() => {
      samples++;
    }, options);
    if (chunkSize === undefined) {
      parser.write(text);
    } else {
      for (let at = 0; at < text.length; at += chunkSize) parser.write(text.slice(at, at + chunkSize));
    }
    parser.end();
    return samples;
  };
}

/** Median milliseconds of one parse. */
function measure(parse: Parse, text: string, runs: number): number {
  const warmStart = performance.now();
  let reps = 0;
  do {
    parse(text);
    reps++;
  } while (performance.now() - warmStart < WARM_UP_MS);
  const perRun = Math.max(1, Math.ceil((MIN_RUN_MS * reps) / Math.max(performance.now() - warmStart, 0.001)));
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const start = performance.now();
    for (let k = 0; k < perRun; k++) parse(text);
    times.push((performance.now() - start) / perRun);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? Number.NaN;
}

/** Strict options when the file passes them, else the lenient ones it needs (noted in the table). */
function optionsFor(path: string, text: string): { options: ExpositionOptions; note: string } {
  const format = path.endsWith('.om.txt') ? 'openmetrics' : 'prometheus';
  try {
    pulse({ format })(text);
    return { options: { format }, note: '' };
  } catch {
    return { options: { format, strict: false }, note: 'strict: false' };
  }
}

function realInputs(): Array<Input & { note: string }> {
  const files: string[] = [];
  const add = (dir: string, keep: (name: string) => boolean): void => {
    for (const name of readdirSync(join(FIXTURES, dir)).sort()) if (keep(name)) files.push(join(dir, name));
  };
  add('prometheus/prometheus-textparse', () => true);
  add('prometheus/prometheus-common-expfmt', (name) => name === 'text.prom.txt');
  for (const dir of ['gpu/dcgm/datadog', 'gpu/dcgm/k8s-ai-conformance']) add(dir, (name) => name.endsWith('.txt') || name.endsWith('.metrics'));
  add('gpu/nvidia-gpu-exporter-metrics', () => true);
  return files.map((file) => {
    const text = readFileSync(join(FIXTURES, file), 'utf8');
    return { name: file, text, runs: 9, ...optionsFor(file, text) };
  });
}

function rate(amount: number, ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return 'error';
  const perSecond = (amount * 1000) / ms;
  return perSecond >= 1e6 ? `${(perSecond / 1e6).toFixed(2)}M` : `${(perSecond / 1e3).toFixed(1)}k`;
}

function printTable(rows: readonly Row[]): void {
  const header = ['input', 'KB', 'samples', 'Pulse MB/s', 'Pulse samples/s', 'chunked MB/s', 'PPTF MB/s', 'PPTF samples/s', 'speed-up', 'note'];
  const lines = rows.map((row) => {
    const mb = row.bytes / 1e6;
    return [
      row.input,
      (row.bytes / 1000).toFixed(1),
      String(row.samples),
      ((mb * 1000) / row.pulseMs).toFixed(1),
      rate(row.samples, row.pulseMs),
      ((mb * 1000) / row.pulseChunkedMs).toFixed(1),
      row.pptfMs === undefined ? 'error' : ((mb * 1000) / row.pptfMs).toFixed(1),
      rate(row.samples, row.pptfMs),
      row.pptfMs === undefined ? '-' : `${(row.pptfMs / row.pulseMs).toFixed(1)}x`,
      row.note,
    ];
  });
  const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => (line[column] ?? '').length)));
  const format = (cells: readonly string[]): string => cells.map((cell, column) => (column === 0 || column === cells.length - 1 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join('  ');
  console.log(format(header));
  console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const line of lines) console.log(format(line));
}

function benchmark(input: Input & { note: string }, pptf: Parse): Row {
  const samples = pulse(input.options)(input.text);
  let pptfMs: number | undefined;
  try {
    pptfMs = measure(pptf, input.text, input.runs);
  } catch {
    pptfMs = undefined; // PPTF cannot read some OpenMetrics inputs
  }
  return {
    input: input.name,
    bytes: Buffer.byteLength(input.text),
    samples,
    pulseMs: measure(pulse(input.options), input.text, input.runs),
    pulseChunkedMs: measure(pulse(input.options, CHUNK), input.text, input.runs),
    pptfMs,
    note: input.note,
  };
}

function main(): void {
  const pptf = loadPptf();
  console.log(`node ${process.version}; median of timed runs after warm-up; chunked = ${CHUNK / 1024} KiB string chunks\n`);
  const rows = realInputs().map((input) => benchmark(input, pptf));
  // Through a Buffer the generated text becomes the same kind of flat string that readFile returns.
  const generated = Buffer.from(generateDcgmScrape({ gpus: 10_000 })).toString('utf8');
  rows.push(benchmark({ name: 'generated dcgm-exporter scrape, 10,000 GPUs', text: generated, options: { format: 'prometheus' }, runs: 3, note: '' }, pptf));
  printTable(rows);
}

main();
