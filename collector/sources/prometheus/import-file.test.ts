import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateDcgmSeries } from '../../../test/e2e/dcgm-series.ts';
import { FIXTURES, tempDir } from '../../../test/helpers.ts';
import type { Store } from '../../store/db.ts';
import { openStore } from '../../store/db.ts';
import type { PromImportOptions } from './import-file.ts';
import { importPromFile } from './import-file.ts';

const OPTIONS: PromImportOptions = { identity: { defaultCluster: 'lab' }, defaultIntervalMs: 15_000, timeSlicingReplicas: null, rawRetentionMs: null, at: Date.parse('2026-03-02T10:00:07Z') };
const L4 = join(FIXTURES, 'gpu/dcgm/k8s-ai-conformance/dcgm-l4-k8s.prom.txt');

async function all(store: Store, sql: string): Promise<Record<string, unknown>[]> {
  return (await store.connection.runAndReadAll(sql)).getRowObjectsJS();
}

const minutes = (store: Store): Promise<Record<string, unknown>[]> =>
  all(store, 'SELECT * EXCLUDE (source) FROM gpu_minute ORDER BY gpu_uuid, gpu_instance, minute');

describe('importPromFile', () => {
  let store: Store;
  const dir = tempDir('pulse-import-prom-');
  beforeEach(async () => {
    store = await openStore(':memory:');
  });
  afterEach(() => store.close());

  it('imports a real dcgm-exporter scrape into the GPU tables and skips the identical file afterwards', async () => {
    const first = await importPromFile(store, L4, OPTIONS);
    expect(first).toMatchObject({ status: 'imported', format: 'prometheus', timeSeries: false, samples: 23, gpuUnits: 1, minuteRows: 1, lineErrors: 0 });
    expect(await all(store, 'SELECT model, node, cluster, memory_mib, power_limit_w FROM gpus')).toEqual([
      { model: 'NVIDIA L4', node: 'i-030791dc5a37cd257', cluster: 'lab', memory_mib: 23033, power_limit_w: 72 },
    ]);
    expect((await importPromFile(store, L4, OPTIONS)).status).toBe('unchanged');
    const forced = await importPromFile(store, L4, { ...OPTIONS, force: true });
    expect(forced.status).toBe('imported');
    expect(await all(store, 'SELECT count(*)::INTEGER AS n FROM gpu_samples')).toEqual([{ n: 8 }]);
    expect(await all(store, "SELECT count(*)::INTEGER AS n FROM ingest_runs WHERE source = 'prom-file' AND status = 'ok'")).toEqual([{ n: 2 }]);
  });

  it('gives the same minutes whether a time series comes in one file or in two, in any order', async () => {
    const { text } = generateDcgmSeries(Date.parse('2026-03-02T00:00:00Z'), 1);
    const split = Date.parse('2026-03-02T00:31:07Z') / 1000;
    const head: string[] = [];
    const tail: string[] = [];
    for (const line of text.split('\n')) {
      if (line === '' || line === '# EOF') continue;
      if (line.startsWith('#')) {
        head.push(line);
        tail.push(line);
      } else (Number(line.slice(line.lastIndexOf(' ') + 1)) < split ? head : tail).push(line);
    }
    const whole = join(dir, 'whole.om.txt');
    const first = join(dir, 'first.om.txt');
    const second = join(dir, 'second.om.txt');
    writeFileSync(whole, text);
    writeFileSync(first, `${head.join('\n')}\n# EOF\n`);
    writeFileSync(second, `${tail.join('\n')}\n# EOF\n`);
    const once = await importPromFile(store, whole, OPTIONS);
    expect(once).toMatchObject({ timeSeries: true, intervalMs: 15_000 });
    const expected = await minutes(store);
    const parts = await openStore(':memory:');
    try {
      await importPromFile(parts, second, OPTIONS);
      await importPromFile(parts, first, OPTIONS);
      expect(await minutes(parts)).toEqual(expected);
    } finally {
      parts.close();
    }
  });

  it('keeps other series as generic series, reports bad lines and keeps the rest', async () => {
    const file = join(dir, 'mixed.prom');
    writeFileSync(file, 'up{job="dcgm"} 1\nDCGM_FI_DEV_GPU_UTIL{UUID="GPU-1"} 40\nDCGM_FI_DEV_GPU_UTIL{UUID="GPU-2"} N/A\nprocess_open_fds 12\n');
    const errors: number[] = [];
    const summary = await importPromFile(store, file, { ...OPTIONS, onLineError: (e) => errors.push(e.line) });
    expect(summary).toMatchObject({ lineErrors: 1, seriesSamples: 2, gpuUnits: 1 });
    expect(errors).toEqual([3]);
    expect(await all(store, 'SELECT labels_key FROM series ORDER BY 1')).toEqual([{ labels_key: 'process_open_fds' }, { labels_key: 'up{job="dcgm"}' }]);
    await importPromFile(store, file, { ...OPTIONS, force: true });
    expect(await all(store, 'SELECT count(*)::INTEGER AS n FROM samples')).toEqual([{ n: 2 }]);
  });

  it('writes nothing of a file whose import is interrupted', async () => {
    const abort = new AbortController();
    abort.abort();
    expect((await importPromFile(store, L4, { ...OPTIONS, signal: abort.signal })).status).toBe('interrupted');
    expect(await all(store, 'SELECT count(*)::INTEGER AS n FROM gpu_minute')).toEqual([{ n: 0 }]);
    expect(await all(store, 'SELECT status FROM ingest_runs')).toEqual([{ status: 'interrupted' }]);
  });

  it('reads the file while the store still opens, and reports a store that cannot open', async () => {
    const file = join(dir, 'opening.duckdb');
    const opening = openStore(file);
    const summary = await importPromFile(opening, L4, OPTIONS);
    expect(summary).toMatchObject({ status: 'imported', samples: 23, minuteRows: 1 });
    const opened = await opening;
    expect(await minutes(opened)).toEqual(await (async () => {
      await importPromFile(store, L4, OPTIONS);
      return minutes(store);
    })());
    opened.close();
    const locked = new Error('database x is in use by another process');
    const failing = Promise.reject(locked);
    failing.catch(() => undefined); // as the caller does: the import reports it
    await expect(importPromFile(failing, L4, OPTIONS)).rejects.toBe(locked);
  });
});
