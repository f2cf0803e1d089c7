import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from '../../../test/helpers.ts';
import { detectFileFormat } from './file-format.ts';

describe('detectFileFormat', () => {
  it('tells text 0.0.4, an OpenMetrics scrape and an OpenMetrics time series apart', () => {
    const om = readFileSync(join(FIXTURES, 'prometheus/prometheus-textparse/alltypes.5mfs.om.txt'), 'utf8');
    expect(detectFileFormat(om.slice(0, 4096), om.slice(-64))).toEqual({ format: 'openmetrics', timeSeries: false });
    const text = readFileSync(join(FIXTURES, 'gpu/dcgm/k8s-ai-conformance/dcgm-l4-k8s.prom.txt'), 'utf8');
    expect(detectFileFormat(text.slice(0, 4096), text.slice(-64))).toEqual({ format: 'prometheus', timeSeries: false });
    const series = '# TYPE a gauge\na 1 1700000000.000\na 2 1700000015.000\n# EOF\n';
    expect(detectFileFormat(series, series)).toEqual({ format: 'openmetrics', timeSeries: true });
    expect(detectFileFormat(series, series, 'prometheus').format).toBe('prometheus');
  });
});
