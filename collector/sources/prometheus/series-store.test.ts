import { describe, expect, it } from 'vitest';
import { openStore } from '../../store/db.ts';
import { StoreWriter } from '../../store/writer.ts';
import { canonicalSeriesKey, SeriesBatch, writeSeriesBatch } from './series-store.ts';

describe('generic series', () => {
  it('are keyed by name and labels sorted by name, values escaped as in text', () => {
    expect(canonicalSeriesKey('up', {})).toBe('up');
    expect(canonicalSeriesKey('up', { job: 'dcgm', instance: 'a:9400', path: 'C:\\x "y"\n' })).toBe('up{instance="a:9400",job="dcgm",path="C:\\\\x \\"y\\"\\n"}');
  });

  it('replace their samples in the batch span, so the same scrape twice is stored once', async () => {
    const store = await openStore(':memory:');
    try {
      const writer = new StoreWriter(store.connection);
      const write = async (entries: [Record<string, string>, number, number][]): Promise<void> => {
        const batch = new SeriesBatch();
        for (const [labels, ts, value] of entries) batch.add(canonicalSeriesKey('up', labels), 'up', labels, ts, value);
        await writer.transaction(() => writeSeriesBatch(store.connection, writer, batch));
      };
      await write([[{ job: 'a', instance: 'x' }, 1000, 1], [{ instance: 'x', job: 'a' }, 2000, 1], [{ job: 'b' }, 1000, 0]]);
      await write([[{ job: 'a', instance: 'x' }, 2000, 0]]);
      const rows = (await store.connection.runAndReadAll('SELECT s.labels_key, epoch_ms(m.ts) AS ts, m.value FROM samples m JOIN series s USING (series_id) ORDER BY 1, 2')).getRowObjectsJS();
      expect(rows).toEqual([
        { labels_key: 'up{instance="x",job="a"}', ts: 1000n, value: 1 },
        { labels_key: 'up{instance="x",job="a"}', ts: 2000n, value: 0 },
        { labels_key: 'up{job="b"}', ts: 1000n, value: 0 },
      ]);
    } finally {
      store.close();
    }
  });
});
