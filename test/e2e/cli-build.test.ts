/**
 * The compiled CLI (bin/build-cli.js → dist/cli): bin/pulse.js runs it only while it matches the sources, and it
 * behaves exactly like the TypeScript sources run through tsx.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILD_DIR, freshBuild, MANIFEST } from '../../bin/cli-build.js';
import { ROOT, tempDir, type CliResult } from '../helpers.ts';

describe('freshBuild', () => {
  const root = tempDir('pulse-cli-build-');
  const startedAtMs = Date.parse('2026-11-01T00:00:00Z');
  const at = (file: string, iso: string): void => utimesSync(join(root, file), new Date(iso), new Date(iso));

  beforeAll(() => {
    mkdirSync(join(root, BUILD_DIR), { recursive: true });
    mkdirSync(join(root, 'src'));
    for (const file of ['src/a.ts', 'src/b.ts']) writeFileSync(join(root, file), '');
    at('src/a.ts', '2026-10-01T00:00:00Z');
    at('src/b.ts', '2026-10-31T23:59:59Z');
  });

  it('is undefined without a build', () => {
    expect(freshBuild(root)).toBeUndefined();
  });

  it('gives the entry module while every input is older than the build', () => {
    writeFileSync(join(root, BUILD_DIR, MANIFEST), JSON.stringify({ entry: 'main.js', startedAtMs, inputs: ['src/a.ts', 'src/b.ts'] }));
    expect(freshBuild(root)).toBe(join(root, BUILD_DIR, 'main.js'));
  });

  it('is undefined once an input changed after the build started, or is gone', () => {
    at('src/b.ts', '2026-11-01T00:00:01Z');
    expect(freshBuild(root)).toBeUndefined();
    at('src/b.ts', '2026-10-02T00:00:00Z');
    expect(freshBuild(root)).toBeDefined();
    rmSync(join(root, 'src/a.ts'));
    expect(freshBuild(root)).toBeUndefined();
  });
});

/** Runs `main(args)` of an entry module (compiled JavaScript, or TypeScript through tsx) in a new process. */
function runEntry(entry: string, args: string[], typescript: boolean): Promise<CliResult> {
  const script = `const { main } = await import(${JSON.stringify(pathToFileURL(entry).href)}); process.exitCode = await main(process.argv.slice(1));`;
  const flags = typescript ? ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm')).href] : [];
  return new Promise((resolve) => {
    execFile(process.execPath, [...flags, '--input-type=module', '-e', script, ...args], { cwd: tempDir('pulse-cwd-'), maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

describe('the compiled CLI', () => {
  const outdir = join(ROOT, 'test-output', `cli-build-${process.pid}`);
  const compiled = join(outdir, 'main.js');
  const source = join(ROOT, 'collector', 'cli', 'main.ts');
  const dir = tempDir();

  beforeAll(async () => {
    const build = await new Promise<CliResult>((resolve) => {
      execFile(process.execPath, [join(ROOT, 'bin', 'build-cli.js'), outdir], { cwd: ROOT }, (error, stdout, stderr) => resolve({ code: error ? 1 : 0, stdout, stderr }));
    });
    expect(build.code, build.stderr).toBe(0);
  });

  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it('writes, computes and fails exactly like the sources', async () => {
    const demo = ['demo', '--days', '2', '--seed', '9', '--end', '2026-11-20T00:00:00Z'];
    const [fromCompiled, fromSource] = await Promise.all([
      runEntry(compiled, [...demo, '--db', join(dir, 'compiled.duckdb')], false),
      runEntry(source, [...demo, '--db', join(dir, 'source.duckdb')], true),
    ]);
    expect(fromCompiled.code, fromCompiled.stderr).toBe(0);
    expect(fromSource.code, fromSource.stderr).toBe(0);
    for (const args of [
      ['kpi', 'gpu-util', '--from', '2026-11-18', '--to', '2026-11-20', '--group-by', 'node', '--format', 'json'],
      ['kpi', 'idle-gpus', '--from', '2026-11-18', '--to', '2026-11-20', '--format', 'csv'],
      ['kpi', 'gpu-util', '--group-by', 'colour'],
    ]) {
      const [a, b] = await Promise.all([runEntry(compiled, [...args, '--db', join(dir, 'compiled.duckdb')], false), runEntry(source, [...args, '--db', join(dir, 'source.duckdb')], true)]);
      expect(a).toEqual(b);
    }
    const help = await runEntry(compiled, ['--help'], false);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('import');
  });
});
