import { describe, expect, it } from 'vitest';
import type { LineError } from './resilient-parser.ts';
import { ResilientExpositionParser } from './resilient-parser.ts';

function parse(text: string, chunk: number, format: 'prometheus' | 'openmetrics' = 'prometheus'): { names: string[]; errors: LineError[]; lines: number } {
  const names: string[] = [];
  const errors: LineError[] = [];
  const parser = new ResilientExpositionParser((s) => names.push(`${s.name}=${s.value}`), { format, strict: false }, (e) => errors.push(e));
  for (let i = 0; i < text.length; i += chunk) parser.write(text.slice(i, i + chunk));
  return { names, errors, lines: parser.end() };
}

const TEXT = [
  '# TYPE DCGM_FI_DEV_GPU_UTIL gauge',
  'DCGM_FI_DEV_GPU_UTIL{gpu="0"} 12',
  'DCGM_FI_DEV_GPU_UTIL{gpu="1"} N/A',
  'DCGM_FI_DEV_GPU_UTIL{gpu="2"} 40',
  'DCGM_FI_DEV_POWER_USAGE{gpu="0" 70',
  'DCGM_FI_DEV_POWER_USAGE{gpu="1"} 71',
].join('\n');

describe('ResilientExpositionParser', () => {
  it.each([1, 7, 4096])('reports bad lines with line and column and keeps the rest (chunks of %i)', (chunk) => {
    const { names, errors, lines } = parse(TEXT, chunk);
    expect(names).toEqual(['DCGM_FI_DEV_GPU_UTIL=12', 'DCGM_FI_DEV_GPU_UTIL=40', 'DCGM_FI_DEV_POWER_USAGE=71']);
    expect(errors.map((e) => [e.line, e.column])).toEqual([
      [3, 31],
      [5, 33],
    ]);
    expect(errors[0]?.reason).toMatch(/N\/A/);
    expect(lines).toBe(6);
  });

  it('reports a missing # EOF of OpenMetrics at the end, after the samples', () => {
    const { names, errors } = parse('# TYPE a gauge\na 1\n', 3, 'openmetrics');
    expect(names).toEqual(['a=1']);
    expect(errors.map((e) => e.line)).toEqual([3]);
  });
});
