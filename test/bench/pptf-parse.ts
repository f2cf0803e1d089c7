/**
 * Child of import-prom.bench.ts: parses FILE with parse-prometheus-text-format in this fresh process and prints the
 * parse time in milliseconds (reading the file is not timed), so that both sides of the comparison run alike.
 *
 *   node --import tsx test/bench/pptf-parse.ts FILE
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const pptf: unknown = createRequire(import.meta.url)('parse-prometheus-text-format');
if (typeof pptf !== 'function') throw new Error('parse-prometheus-text-format does not export a function');
const file = process.argv[2];
if (file === undefined) throw new Error('usage: pptf-parse.ts FILE');
// The same text the importer reads, read the same way (a flat string from the file).
const text = readFileSync(file, 'utf8');
const started = performance.now();
const families = (pptf as (text: string) => unknown[])(text);
const ms = performance.now() - started;
if (families.length === 0) throw new Error(`parse-prometheus-text-format found no metric families in ${file}`);
process.stdout.write(`${ms.toFixed(1)}\n`);
