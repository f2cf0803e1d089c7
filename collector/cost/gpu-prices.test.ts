/** The dated price list seeded by migration 0007 agrees with the GPU catalogue. */
import { describe, expect, it } from 'vitest';
import { openStore } from '../store/db.ts';
import { gpuSpecOf } from './gpu-catalogue.ts';

describe('gpu_price seed', () => {
  it('has a source and as_of on every row, and the catalogue\'s GPU model and count', async () => {
    const store = await openStore(':memory:');
    try {
      const rows = (await store.connection.runAndReadAll('SELECT instance_type, gpu_model, gpus_per_instance, price_per_hour::VARCHAR AS p, as_of::VARCHAR AS as_of, source, currency FROM gpu_price')).getRowObjectsJS();
      expect(rows.length).toBeGreaterThanOrEqual(40);
      for (const r of rows) {
        const spec = gpuSpecOf(String(r['instance_type']));
        expect(spec, String(r['instance_type'])).not.toBeNull();
        expect([r['gpu_model'], r['gpus_per_instance']], String(r['instance_type'])).toEqual([spec?.gpuModel, spec?.gpusPerInstance]);
        expect(r['as_of']).toBe('2025-07-01');
        expect(r['source']).toMatch(/aws\.amazon\.com\/ec2\/pricing\/on-demand/);
        expect(r['currency']).toBe('USD');
      }
      expect(rows.find((r) => r['instance_type'] === 'g5.4xlarge')?.['p']).toBe('1.624000000000');
    } finally {
      store.close();
    }
  });
});
