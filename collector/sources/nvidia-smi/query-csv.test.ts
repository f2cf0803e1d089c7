import { describe, expect, it } from 'vitest';
import { NvidiaSmiParseError } from './errors.ts';
import { parseQueryGpuCsv } from './query-csv.ts';
import { listGpuFixtures, queryGpuBlocks, readGpuFixture, type QueryGpuBlock } from './test-fixtures.ts';
import type { QueryGpuRow } from './types.ts';

const CAPTURES = listGpuFixtures('nvidia-smi-captures').filter((path) => /\/linux-x86_64__[^/]+\.txt$/.test(path));

function block(capture: string, state: string): QueryGpuBlock {
  const found = queryGpuBlocks(readGpuFixture(`nvidia-smi-captures/linux-x86_64__${capture}.txt`)).find(
    (b) => b.state === state,
  );
  if (!found) throw new Error(`no ${state} block in ${capture}`);
  return found;
}

function onlyRow(rows: QueryGpuRow[]): QueryGpuRow {
  expect(rows).toHaveLength(1);
  const [row] = rows;
  if (!row) throw new Error('no row');
  return row;
}

/** The fields every output format shares: `raw` keeps cells as printed, `line` moves without a header. */
function normalized(row: QueryGpuRow): Omit<QueryGpuRow, 'raw' | 'line'> {
  const { raw: _raw, line: _line, ...rest } = row;
  return rest;
}

// What `--format=csv,noheader` and `--format=csv,nounits` print for the same sample.
const withoutHeader = (csv: string): string => csv.split('\n').slice(1).join('\n');
const withoutUnits = (csv: string): string =>
  csv
    .split('\n')
    .map((line, i) => (i === 0 ? line : line.replace(/ (MiB|%|W|MHz|us|ms)(?=, |$)/g, '')))
    .join('\n');

describe('the --query-gpu blocks of every capture', () => {
  it('finds the captures', () => expect(CAPTURES).toHaveLength(5));

  describe.each(CAPTURES)('%s', (path) => {
    const blocks = queryGpuBlocks(readGpuFixture(path));

    it('has an idle and a load block', () => expect(blocks.map((b) => b.state)).toEqual(['idle', 'load']));

    it.each(blocks)('parses the $state block, whose header matches its command', ({ csv, fields }) => {
      expect(fields.length).toBeGreaterThanOrEqual(202);
      const row = onlyRow(parseQueryGpuCsv(csv, { timeZone: 'UTC' }));
      expect(row.uuid).toBe('GPU-00000000-0000-0000-0000-000000000000');
      expect(row.time).toMatch(/^2026-07-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(row.powerDrawW).toBeGreaterThan(0);
      // Told the field list, the parser recognises the header and skips it.
      expect(parseQueryGpuCsv(csv, { fields, timeZone: 'UTC' })).toEqual([row]);
    });

    it.each(blocks)('reads the $state block the same in noheader and nounits form', ({ csv, fields }) => {
      const expected = normalized(onlyRow(parseQueryGpuCsv(csv, { timeZone: 'UTC' })));
      expect(withoutHeader(withoutUnits(csv))).not.toMatch(/\d (MiB|%|W|MHz)(, |$)/m);
      const variants = [
        parseQueryGpuCsv(withoutHeader(csv), { fields, timeZone: 'UTC' }),
        parseQueryGpuCsv(withoutUnits(csv), { timeZone: 'UTC' }),
        parseQueryGpuCsv(withoutHeader(withoutUnits(csv)), { fields, timeZone: 'UTC' }),
      ];
      for (const rows of variants) expect(normalized(onlyRow(rows))).toEqual(expected);
    });
  });
});

describe('values read from the captures', () => {
  it('H100: idle at 70 W, gpu-burn at 100 % and 632 W', () => {
    const idle = onlyRow(parseQueryGpuCsv(block('nvidia-h100-80gb-hbm3__590.48.01', 'idle').csv, { timeZone: 'UTC' }));
    expect(idle).toMatchObject({
      // The capture header says collected_at 2026-07-14T08:12:38Z: the host clock is UTC.
      timestampRaw: '2026/07/14 08:12:38.696',
      time: '2026-07-14T08:12:38.696Z',
      utilGpu: 0,
      powerDrawW: 69.85,
      memoryUsedMiB: 0,
      smClockMHz: 345,
      gpuIdle: true,
    });
    const load = onlyRow(parseQueryGpuCsv(block('nvidia-h100-80gb-hbm3__590.48.01', 'load').csv, { timeZone: 'UTC' }));
    expect(load).toMatchObject({
      line: 2,
      index: 0,
      name: 'NVIDIA H100 80GB HBM3',
      serial: '0000000000000',
      pciBusId: '00000000:00:09.0',
      driverVersion: '590.48.01',
      time: '2026-07-14T08:12:53.353Z',
      memoryTotalMiB: 81559,
      memoryUsedMiB: 19818,
      memoryFreeMiB: 61263,
      utilGpu: 1,
      utilMemory: 0.11,
      utilEncoder: 0,
      utilDecoder: 0,
      powerDrawW: 631.95,
      powerDrawAverageW: 631.95,
      powerDrawInstantW: 625.68,
      powerLimitW: 700,
      smClockMHz: 1980,
      temperatureC: 59,
      gpuIdle: false,
      migMode: 'disabled',
    });
    expect(load.raw).toMatchObject({
      pstate: 'P0',
      'power.limit': '700.00 W',
      'fan.speed': null,
      'clocks_event_reasons.active': '0x0000000000000000',
      'platform.chassis_serial_number': null,
      hostname: null,
    });
    expect(load.raw).not.toHaveProperty('memory.used');
  });

  it('H100 with MIG: utilization.gpu [N/A] is null, power and gpu_idle remain', () => {
    const rows = ['idle', 'load'].map((state) =>
      onlyRow(parseQueryGpuCsv(block('nvidia-h100-mig__590.48.01', state).csv)),
    );
    for (const row of rows) {
      expect(row).toMatchObject({ migMode: 'enabled', utilGpu: null, utilMemory: null });
      expect(row).toMatchObject({ utilEncoder: null, utilDecoder: null });
    }
    expect(rows.map((r) => [r.powerDrawW, r.gpuIdle, r.memoryUsedMiB])).toEqual([
      [71.15, true, 59],
      [433.78, false, 11125],
    ]);
  });

  it('H200 and H200 with MIG', () => {
    const h200 = onlyRow(parseQueryGpuCsv(block('nvidia-h200__590.48.01', 'load').csv));
    expect(h200).toMatchObject({ utilGpu: 1, powerDrawW: 627.4, memoryUsedMiB: 32362, memoryTotalMiB: 143771 });
    const mig = onlyRow(parseQueryGpuCsv(block('nvidia-h200-mig__590.48.01', 'load').csv));
    expect(mig).toMatchObject({ utilGpu: null, migMode: 'enabled', powerDrawW: 295.01, memoryUsedMiB: 16959 });
  });

  it('L40S: mig.mode [N/A], NVENC load at 60 % encoder, "idle" sample at 100 % (sic)', () => {
    const idle = onlyRow(parseQueryGpuCsv(block('nvidia-l40s__595.80', 'idle').csv));
    expect(idle).toMatchObject({ utilGpu: 1, powerDrawW: 144.97, migMode: null, gpuIdle: false });
    const load = onlyRow(parseQueryGpuCsv(block('nvidia-l40s__595.80', 'load').csv));
    expect(load).toMatchObject({ utilGpu: 0.09, utilEncoder: 0.6, powerDrawW: 110.23, memoryUsedMiB: 1235 });
    expect(load.raw).toHaveProperty('kmd_version', '595.80');
  });

  it('query-gpu.2gpus.csv.txt: two GPUs, [N/A] serials, WDDM kept raw', () => {
    const rows = parseQueryGpuCsv(readGpuFixture('nvidia-smi-captures/query-gpu.2gpus.csv.txt'));
    expect(rows.map((r) => [r.line, r.index, r.name, r.serial, r.memoryUsedMiB, r.pciBusId, r.driverVersion])).toEqual([
      [2, 0, 'NVIDIA GeForce RTX 2080 SUPER', null, 575, '00000000:01:00.0', '466.63'],
      [3, 1, 'Some Other GPU', null, 1234, '00000000:02:00.0', '123.45'],
    ]);
    expect(rows[0]?.raw).toEqual({
      'driver_model.current': 'WDDM',
      'driver_model.pending': 'WDDM',
      vbios_version: '90.04.7a.40.73',
      'fan.speed': '38 %',
      compute_cap: '7.5',
      'pci.sub_device_id': '0x40051458',
    });
    expect(rows[0]).toMatchObject({ timestampRaw: null, time: null, utilGpu: null, powerDrawW: null });
  });
});

describe('short queries', () => {
  const fields = ['timestamp', 'gpu_uuid', 'clocks.sm', 'clocks_throttle_reasons.gpu_idle', 'power.limit'];

  it('accepts a byte order mark before the header', () => {
    expect(parseQueryGpuCsv('\uFEFFuuid, index\nGPU-1, 0\n')[0]).toMatchObject({ uuid: 'GPU-1', index: 0 });
  });

  it('accepts field aliases, CRLF and blank lines, and falls back to power.limit', () => {
    const csv =
      '2026/03/08 02:30:00.5, GPU-1, 210, Active, 70.00\r\n\r\n' +
      '2026/11/01 01:30:00.000, GPU-2, 0, Not Active, [N/A]\r\n';
    const rows = parseQueryGpuCsv(csv, { fields, timeZone: 'America/New_York' });
    expect(rows.map((r) => [r.line, r.time, r.uuid, r.smClockMHz, r.gpuIdle, r.powerLimitW])).toEqual([
      [1, '2026-03-08T07:30:00.500Z', 'GPU-1', 210, true, 70],
      [3, '2026-11-01T05:30:00.000Z', 'GPU-2', 0, false, null],
    ]);
    expect(rows[0]?.raw).toEqual({ 'power.limit': '70.00' });
  });

  it('leaves time null without a time zone but still checks the timestamp', () => {
    const [row] = parseQueryGpuCsv('timestamp, uuid\n2026/07/14 08:12:38.696, GPU-1\n');
    expect(row).toMatchObject({ timestampRaw: '2026/07/14 08:12:38.696', time: null });
    expect(() => parseQueryGpuCsv('timestamp, uuid\n2026/02/30 08:12:38.696, GPU-1\n')).toThrow(
      /line 2, column 1 "timestamp": expected a timestamp like/,
    );
  });

  it('returns no rows for noheader output of no GPUs', () => {
    expect(parseQueryGpuCsv('', { fields })).toEqual([]);
  });
});

describe('errors', () => {
  const parseError = (csv: string, options: Parameters<typeof parseQueryGpuCsv>[1] = {}): NvidiaSmiParseError => {
    try {
      parseQueryGpuCsv(csv, options);
    } catch (error) {
      if (error instanceof NvidiaSmiParseError) return error;
      throw error;
    }
    throw new Error('expected a parse error');
  };

  it('names line, column and unit of a cell in another unit', () => {
    const error = parseError('uuid, memory.used [MiB]\nGPU-1, 12 MiB\nGPU-2, 12 GiB\n');
    expect(error).toMatchObject({ line: 3, location: 'column 2 "memory.used"', found: '12 GiB' });
    expect(error.message).toBe(
      'nvidia-smi query-gpu-csv: line 3, column 2 "memory.used": expected a number in MiB, found "12 GiB"',
    );
  });

  it('rejects a header unit that differs from the one the field is read in', () => {
    expect(parseError('uuid, memory.used [GiB]\nGPU-1, 12\n').message).toBe(
      'nvidia-smi query-gpu-csv: line 1, column 2 "memory.used": expected unit [MiB], found "[GiB]"',
    );
  });

  it('rejects a line with a different number of cells', () => {
    expect(parseError('uuid, name\nGPU-1, Tesla T4, extra\n')).toMatchObject({
      line: 2,
      expected: '2 cells separated by ", "',
      found: '3 cells',
    });
  });

  it('asks for options.fields when the first line is no header', () => {
    expect(parseError('No devices were found\n').expected).toMatch(/pass options.fields for noheader output/);
    expect(parseError('').location).toBe('header');
  });

  it('rejects duplicate fields, bad field names and unknown time zones', () => {
    expect(parseError('uuid, uuid\nA, B\n').expected).toBe('each field once');
    expect(parseError('x\n', { fields: ['memory used'] }).location).toBe('options.fields');
    expect(parseError('uuid\nGPU-1\n', { timeZone: 'Nowhere/Special' }).location).toBe('options.timeZone');
  });

  it('rejects a utilization outside 0..100 % and a non-integer index', () => {
    expect(parseError('utilization.gpu [%]\n150 %\n').expected).toBe('a percentage between 0 and 100');
    expect(parseError('index\n0.5\n').expected).toBe('a non-negative integer');
  });
});

describe('header detection with a field list', () => {
  it('recognises a header that spells an aliased field differently', () => {
    const rows = parseQueryGpuCsv('uuid, name\nGPU-1, Tesla T4\n', { fields: ['gpu_uuid', 'gpu_name'] });
    expect(rows.map((r) => [r.line, r.uuid, r.name])).toEqual([[2, 'GPU-1', 'Tesla T4']]);
  });
});
