/** Test support: reads the shared GPU fixtures in place (they are never copied into the repo). */
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const GPU_FIXTURES = fileURLToPath(new URL('../../../../shared/fixtures/gpu/', import.meta.url));

export function readGpuFixture(path: string): string {
  return readFileSync(join(GPU_FIXTURES, path), 'utf8');
}

/** Paths, relative to the GPU fixtures folder, of every file below `dir`. */
export function listGpuFixtures(dir: string): string[] {
  return readdirSync(join(GPU_FIXTURES, dir), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(GPU_FIXTURES, join(entry.parentPath, entry.name)))
    .sort();
}

export interface CaptureSection {
  /** e.g. "load :: query-gpu (csv, what the exporter parses)" */
  title: string;
  /** The command after "# $ ", when the section names one. */
  command: string | null;
  body: string;
}

// nvidia_gpu_exporter captures frame each section's comment header between two rules of 80 '#'; the body runs
// to the next rule.
const RULE = /^#{80}$/;

export function captureSections(capture: string): CaptureSection[] {
  const lines = capture.split('\n');
  const isRule = (i: number): boolean => RULE.test(lines[i] ?? '');
  const sections: CaptureSection[] = [];
  let i = lines.findIndex((_, n) => isRule(n));
  while (i >= 0 && i < lines.length) {
    let close = i + 1;
    while (close < lines.length && !isRule(close)) close++;
    let end = close + 1;
    while (end < lines.length && !isRule(end)) end++;
    const comments = lines.slice(i + 1, close).map((line) => line.replace(/^# ?/, ''));
    sections.push({
      title: comments[0] ?? '',
      command: comments.find((line) => line.startsWith('$ '))?.slice(2) ?? null,
      body: lines.slice(close + 1, end).join('\n'),
    });
    i = end;
  }
  return sections;
}

export interface QueryGpuBlock {
  state: string;
  /** The --query-gpu field list of the command that printed the block. */
  fields: string[];
  csv: string;
}

/** The `--query-gpu` CSV blocks of a capture (idle and load), with the fields their command asked for. */
export function queryGpuBlocks(capture: string): QueryGpuBlock[] {
  return captureSections(capture).flatMap(({ title, command, body }) => {
    const state = /^(\w+) :: query-gpu \(/.exec(title)?.[1];
    const fields = command === null ? undefined : /--query-gpu=(\S+)/.exec(command)?.[1];
    return state === undefined || fields === undefined ? [] : [{ state, fields: fields.split(','), csv: body }];
  });
}
