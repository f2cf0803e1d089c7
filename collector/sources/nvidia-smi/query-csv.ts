/**
 * Parser for `nvidia-smi --query-gpu=… --format=csv[,noheader][,nounits]`. This is not RFC 4180 CSV: cells are
 * joined by ", " and never quoted, so lines are split on that separator and a cell count check catches a value
 * that contains it.
 */
import { NvidiaSmiParseError } from './errors.ts';
import { isValidTimeZone, isValidWallClock, wallClockToUtc, type WallClock } from '../../../queries/time.ts';
import type { QueryGpuRow } from './types.ts';
import {
  ValueFormatError,
  activeValue,
  integerValue,
  isUnavailable,
  migModeValue,
  quantityValue,
  ratioValue,
  textValue,
} from './values.ts';

export interface QueryGpuCsvOptions {
  /** The --query-gpu field list, in order: required for `noheader` output, checked against a header otherwise. */
  fields?: readonly string[];
  /** IANA zone of the host that ran nvidia-smi; without it `time` stays null. */
  timeZone?: string;
}

interface Column {
  field: string;
  /** Unit from the header ("memory.used [MiB]"); null without a header and for unitless fields. */
  unit: string | null;
}

// Other names nvidia-smi accepts for a normalized field (`--help-query-gpu` lists them).
const ALIASES: Record<string, string> = {
  gpu_uuid: 'uuid',
  gpu_name: 'name',
  gpu_serial: 'serial',
  gpu_bus_id: 'pci.bus_id',
  'gpu.power.draw.average': 'power.draw.average',
  'gpu.power.draw.instant': 'power.draw.instant',
  'clocks.sm': 'clocks.current.sm',
  'clocks_throttle_reasons.gpu_idle': 'clocks_event_reasons.gpu_idle',
};
const canonical = (field: string): string => ALIASES[field] ?? field;

// Units of the numeric fields read here: a header or cell unit that differs is an error, not a silent rescale.
// The header prints no unit for temperatures; a "C" suffix is accepted should a cell carry one.
const UNITS: Record<string, string> = {
  'memory.total': 'MiB',
  'memory.used': 'MiB',
  'memory.free': 'MiB',
  'utilization.gpu': '%',
  'utilization.memory': '%',
  'utilization.encoder': '%',
  'utilization.decoder': '%',
  'power.draw': 'W',
  'power.draw.average': 'W',
  'power.draw.instant': 'W',
  'enforced.power.limit': 'W',
  'power.limit': 'W',
  'clocks.current.sm': 'MHz',
  'temperature.gpu': 'C',
};

const NORMALIZED = new Set([
  'timestamp',
  'uuid',
  'index',
  'name',
  'serial',
  'pci.bus_id',
  'driver_version',
  'clocks_event_reasons.gpu_idle',
  'mig.mode.current',
  ...Object.keys(UNITS),
]);
// power.limit is the requested limit: it stands in for the enforced one when that was not queried, and stays
// in `raw` because it is not the same reading.
NORMALIZED.delete('power.limit');

// Field names start with a letter, so a noheader line of numbers is never taken for a header.
const FIELD_NAME = /^[A-Za-z][A-Za-z0-9_.]*$/;
const HEADER_CELL = /^([A-Za-z][A-Za-z0-9_.]*)(?: \[([^\]]+)\])?$/;
const TIMESTAMP = /^(\d{4})\/(\d{2})\/(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?$/;

function fail(location: string, expected: string, found: string | null, line: number | null): never {
  throw new NvidiaSmiParseError('query-gpu-csv', location, expected, found, line);
}

/** Parses query-gpu CSV into one row per GPU line. Blank lines are skipped; CRLF and a BOM (Windows) are accepted. */
export function parseQueryGpuCsv(csv: string, options: QueryGpuCsvOptions = {}): QueryGpuRow[] {
  const { fields, timeZone } = options;
  if (timeZone !== undefined && !isValidTimeZone(timeZone)) fail('options.timeZone', 'an IANA time zone', timeZone, null);
  const lines = csv
    .replace(/^\uFEFF/, '')
    .split('\n')
    .map((content, i) => ({ content: content.replace(/\r$/, ''), number: i + 1 }))
    .filter(({ content }) => content.trim() !== '');
  const first = lines[0];
  let columns: Column[];
  let headerLine: number | null = null;
  if (fields === undefined) {
    if (!first) return fail('header', 'a header line such as "uuid, memory.used [MiB]"', '', 1);
    headerLine = first.number;
    columns = tryHeader(first.content) ?? fail(
      'header',
      'field names such as "memory.used [MiB]" separated by ", " (pass options.fields for noheader output)',
      first.content,
      first.number,
    );
  } else {
    const bad = fields.find((field) => !FIELD_NAME.test(field));
    if (bad !== undefined) fail('options.fields', 'query-gpu field names', bad, null);
    const header = first && tryHeader(first.content);
    if (first && header && sameFields(header, fields)) {
      headerLine = first.number;
      columns = header;
    } else {
      columns = fields.map((field) => ({ field, unit: null }));
    }
  }
  const index = indexColumns(columns, headerLine);
  return lines
    .filter(({ number }) => number !== headerLine)
    .map(({ content, number }) => parseRow(content, number, columns, index, timeZone));
}

function tryHeader(line: string): Column[] | null {
  const columns: Column[] = [];
  for (const cell of line.split(', ')) {
    const match = HEADER_CELL.exec(cell.trim());
    if (!match?.[1]) return null;
    columns.push({ field: match[1], unit: match[2] ?? null });
  }
  return columns;
}

// Compared by canonical name: a header may spell a field differently from the --query-gpu list (gpu_uuid).
function sameFields(header: readonly Column[], fields: readonly string[]): boolean {
  return (
    header.length === fields.length && header.every(({ field }, i) => canonical(field) === canonical(fields[i] ?? ''))
  );
}

/** Position of each normalized field (first of its aliases); checks duplicates and header units. */
function indexColumns(columns: readonly Column[], headerLine: number | null): Map<string, number> {
  const seen = new Set<string>();
  const index = new Map<string, number>();
  columns.forEach(({ field, unit }, i) => {
    const location = `column ${i + 1} "${field}"`;
    if (seen.has(field)) fail(location, 'each field once', field, headerLine);
    seen.add(field);
    const name = canonical(field);
    const expected = UNITS[name];
    if (unit !== null && expected !== undefined && unit !== expected) {
      fail(location, `unit [${expected}]`, `[${unit}]`, headerLine);
    }
    if (!index.has(name)) index.set(name, i);
  });
  return index;
}

function parseRow(
  line: string,
  lineNumber: number,
  columns: readonly Column[],
  index: ReadonlyMap<string, number>,
  timeZone: string | undefined,
): QueryGpuRow {
  const cells = line.split(', ').map((cell) => cell.trim());
  if (cells.length !== columns.length) {
    fail('row', `${columns.length} cells separated by ", "`, `${cells.length} cells`, lineNumber);
  }
  const read = <T>(field: string, convert: (raw: string) => T | null): T | null => {
    const i = index.get(field);
    const cell = i === undefined ? undefined : cells[i];
    if (i === undefined || cell === undefined) return null;
    try {
      return convert(cell);
    } catch (error) {
      if (!(error instanceof ValueFormatError)) throw error;
      return fail(`column ${i + 1} "${columns[i]?.field}"`, error.expected, cell, lineNumber);
    }
  };
  const quantity = (field: string): number | null =>
    read(field, (raw) => quantityValue(raw, UNITS[field] ?? ''));
  const wallClock = read('timestamp', localTimestamp);
  const average = quantity('power.draw.average');
  const instant = quantity('power.draw.instant');
  return {
    line: lineNumber,
    index: read('index', integerValue),
    uuid: read('uuid', textValue),
    name: read('name', textValue),
    serial: read('serial', textValue),
    pciBusId: read('pci.bus_id', textValue),
    driverVersion: read('driver_version', textValue),
    timestampRaw: read('timestamp', textValue),
    time: wallClock !== null && timeZone !== undefined ? wallClockToUtc(wallClock, timeZone) : null,
    memoryTotalMiB: quantity('memory.total'),
    memoryUsedMiB: quantity('memory.used'),
    memoryFreeMiB: quantity('memory.free'),
    utilGpu: read('utilization.gpu', ratioValue),
    utilMemory: read('utilization.memory', ratioValue),
    utilEncoder: read('utilization.encoder', ratioValue),
    utilDecoder: read('utilization.decoder', ratioValue),
    // power.draw is the 1-second average on drivers that also report power.draw.average.
    powerDrawW: quantity('power.draw') ?? average ?? instant,
    powerDrawAverageW: average,
    powerDrawInstantW: instant,
    powerLimitW: quantity('enforced.power.limit') ?? quantity('power.limit'),
    smClockMHz: quantity('clocks.current.sm'),
    temperatureC: quantity('temperature.gpu'),
    gpuIdle: read('clocks_event_reasons.gpu_idle', activeValue),
    migMode: read('mig.mode.current', migModeValue),
    raw: Object.fromEntries(
      columns.flatMap(({ field }, i) =>
        NORMALIZED.has(canonical(field)) ? [] : [[field, textValue(cells[i] ?? '')]],
      ),
    ),
  };
}

/** "2026/07/14 08:12:38.696", the host's local time. */
function localTimestamp(raw: string): WallClock | null {
  if (isUnavailable(raw)) return null;
  const match = TIMESTAMP.exec(raw);
  const wall = match && {
    year: Number(match[1]),
    month: Number(match[2]),
    day: Number(match[3]),
    hour: Number(match[4]),
    minute: Number(match[5]),
    second: Number(match[6]),
    millisecond: Number((match[7] ?? '0').padEnd(3, '0')),
  };
  if (!wall || !isValidWallClock(wall)) throw new ValueFormatError('a timestamp like "2026/07/14 08:12:38.696"');
  return wall;
}
