import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../../../test/helpers.ts';
import { openStore, type Store } from '../../store/db.ts';
import { importUsageFile } from './import.ts';

let store: Store;
beforeEach(async () => {
  store = await openStore(':memory:');
});
afterEach(() => store.close());

const HEADER = 'window_start,window_end,service,requests';

async function stored(): Promise<unknown[]> {
  return (await store.connection.runAndReadAll("SELECT service, window_start::VARCHAR AS s, value, source FROM usage_metric ORDER BY service, s")).getRowObjectsJson();
}

describe('importUsageFile', () => {
  it('stores windows, replaces a window given again with other counts, and refuses overlapping bounds', async () => {
    const dir = tempDir();
    const first = join(dir, 'a.csv');
    writeFileSync(first, `${HEADER}\n2026-11-01,2026-11-02,ranker,100\n2026-11-02,2026-11-03,ranker,200\n`);
    expect(await importUsageFile(store, first)).toEqual({ file: first, status: 'imported', rows: 2, errors: [] });
    expect(await importUsageFile(store, first)).toMatchObject({ status: 'unchanged' });

    const corrected = join(dir, 'b.csv');
    writeFileSync(corrected, `${HEADER}\n2026-11-02,2026-11-03,ranker,250\n2026-11-02T12:00:00Z,2026-11-03T12:00:00Z,embedder,7\n2026-11-01T06:00:00Z,2026-11-01T18:00:00Z,ranker,9\n`);
    const result = await importUsageFile(store, corrected);
    expect(result.rows).toBe(2);
    expect(result.errors).toEqual([{ line: 4, reason: 'the window of ranker overlaps the stored window 2026-11-01T00:00:00.000Z – 2026-11-02T00:00:00.000Z' }]);
    expect(await stored()).toEqual([
      { service: 'embedder', s: '2026-11-02 12:00:00+00', value: 7, source: 'usage-csv' },
      { service: 'ranker', s: '2026-11-01 00:00:00+00', value: 100, source: 'usage-csv' },
      { service: 'ranker', s: '2026-11-02 00:00:00+00', value: 250, source: 'usage-csv' },
    ]);
  });
});
