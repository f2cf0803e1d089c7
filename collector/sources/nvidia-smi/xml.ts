/** Parser for `nvidia-smi -q -x` (root `<nvidia_smi_log>`), all four schema generations. */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { NvidiaSmiParseError } from './errors.ts';
import { isValidTimeZone, isValidWallClock, wallClockToUtc, type WallClock } from '../../../queries/time.ts';
import type {
  GpuProcess,
  MigDevice,
  NvidiaSmiGpu,
  NvidiaSmiSnapshot,
  NvidiaSmiXmlGeneration,
} from './types.ts';
import {
  ValueFormatError,
  activeValue,
  integerValue,
  migModeValue,
  quantityValue,
  ratioValue,
  textValue,
} from './values.ts';

export interface NvidiaSmiXmlOptions {
  /** IANA zone of the host that ran nvidia-smi; without it `time` stays null. */
  timeZone?: string;
}

type XmlNode = Record<string, unknown>;

const ARRAY_PATHS = new Set([
  'nvidia_smi_log.gpu',
  'nvidia_smi_log.gpu.mig_devices.mig_device',
  'nvidia_smi_log.gpu.processes.process_info',
]);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  // Keep every value a string: the unit parser decides, fast-xml-parser would turn "0x1" or "1e3" into numbers.
  parseTagValue: false,
  parseAttributeValue: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  // Only the predefined XML entities: DOCTYPE-declared ones are refused before parsing (see doctypeOf).
  htmlEntities: false,
  isArray: (_tag, jPath) => typeof jPath === 'string' && ARRAY_PATHS.has(jPath),
});

/** Which element names each generation uses first; later entries cover drivers between two DTD bumps. */
interface Layout {
  power: readonly string[];
  clockEvents: readonly { section: string; prefix: string }[];
}

const EVENT_REASONS = { section: 'clocks_event_reasons', prefix: 'clocks_event_reason_' };
const THROTTLE_REASONS = { section: 'clocks_throttle_reasons', prefix: 'clocks_throttle_reason_' };

// DTD v12 spans three layouts in real output (525: power_readings + throttle reasons, 535: gpu_power_readings
// + event reasons, 570: average/instant_power_draw), so the generation orders the candidates, presence decides.
const LEGACY_FIRST: Layout = {
  power: ['power_readings', 'gpu_power_readings'],
  clockEvents: [THROTTLE_REASONS, EVENT_REASONS],
};
const CURRENT_FIRST: Layout = {
  power: ['gpu_power_readings', 'power_readings'],
  clockEvents: [EVENT_REASONS, THROTTLE_REASONS],
};
const LAYOUTS: Record<NvidiaSmiXmlGeneration, Layout> = {
  'no-dtd': LEGACY_FIRST,
  'v10-v11': LEGACY_FIRST,
  v12: CURRENT_FIRST,
  v13: CURRENT_FIRST,
};

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
// C asctime() form: "Fri Aug  4 11:44:30 2023" (day padded with a space) or "Sun Mar 2 15:02:02 2025".
const LOG_TIMESTAMP = /^[A-Z][a-z]{2} ([A-Z][a-z]{2}) +(\d{1,2}) (\d{2}):(\d{2}):(\d{2}) (\d{4})$/;

function fail(location: string, expected: string, found: string | null = null): never {
  throw new NvidiaSmiParseError('xml', location, expected, found);
}

/** Parses one `nvidia-smi -q -x` document. Unknown elements are ignored; malformed known ones are errors. */
export function parseNvidiaSmiXml(xml: string, options: NvidiaSmiXmlOptions = {}): NvidiaSmiSnapshot {
  const { timeZone } = options;
  if (timeZone !== undefined && !isValidTimeZone(timeZone)) fail('options.timeZone', 'an IANA time zone', timeZone);
  const validation = XMLValidator.validate(xml);
  if (validation !== true) {
    const { msg, line } = validation.err;
    throw new NvidiaSmiParseError('xml', 'document', `well-formed XML (${msg})`, null, line);
  }
  const { generation, dtdVersion } = doctypeOf(xml);
  let document: unknown;
  try {
    document = parser.parse(xml);
  } catch (error) {
    // fast-xml-parser refuses names such as __proto__; report it like any other malformed input.
    fail('document', 'parseable XML', error instanceof Error ? error.message : String(error));
  }
  if (!isNode(document) || !('nvidia_smi_log' in document)) {
    fail('document', 'root element <nvidia_smi_log>', isNode(document) ? Object.keys(document).join(', ') : null);
  }
  const root = asNode(document.nvidia_smi_log, 'nvidia_smi_log');
  const timestampRaw = leaf(root, 'timestamp', 'nvidia_smi_log', textValue);
  const wallClock = timestampRaw === null ? null : parseLogTimestamp(timestampRaw);
  const time = wallClock !== null && timeZone !== undefined ? wallClockToUtc(wallClock, timeZone) : null;
  const driverVersion = leaf(root, 'driver_version', 'nvidia_smi_log', textValue);
  const cudaVersion = leaf(root, 'cuda_version', 'nvidia_smi_log', textValue);
  const gpuNodes = root.gpu === undefined ? [] : root.gpu;
  if (!Array.isArray(gpuNodes)) fail('nvidia_smi_log/gpu', 'a list of <gpu> elements');
  const layout = LAYOUTS[generation];
  return {
    generation,
    dtdVersion,
    timestampRaw,
    time,
    driverVersion,
    cudaVersion,
    attachedGpus: leaf(root, 'attached_gpus', 'nvidia_smi_log', integerValue),
    gpus: gpuNodes.map((node: unknown, i: number) =>
      parseGpu(node, `gpu[${i}]`, layout, { time, driverVersion, cudaVersion }),
    ),
  };
}

function doctypeOf(xml: string): { generation: NvidiaSmiXmlGeneration; dtdVersion: number | null } {
  const doctype = /<!DOCTYPE\b[^>[]*(\[)?/i.exec(xml);
  if (!doctype) return { generation: 'no-dtd', dtdVersion: null };
  // An internal subset can declare entities (billion laughs, external files); nvidia-smi never writes one.
  if (doctype[1]) fail('DOCTYPE', 'no internal subset', doctype[0]);
  const version = /nvsmi_device_v(\d+)\.dtd/.exec(doctype[0])?.[1];
  if (version === undefined) return { generation: 'v13', dtdVersion: null };
  const dtdVersion = Number(version);
  const generation = dtdVersion <= 11 ? 'v10-v11' : dtdVersion === 12 ? 'v12' : 'v13';
  return { generation, dtdVersion };
}

function parseLogTimestamp(raw: string): WallClock {
  const match = LOG_TIMESTAMP.exec(raw);
  const month = MONTHS.indexOf(match?.[1] ?? '') + 1;
  const wall = match && {
    year: Number(match[6]),
    month,
    day: Number(match[2]),
    hour: Number(match[3]),
    minute: Number(match[4]),
    second: Number(match[5]),
    millisecond: 0,
  };
  if (!wall || month === 0 || !isValidWallClock(wall)) {
    return fail('nvidia_smi_log/timestamp', 'a date like "Fri Aug  4 11:44:30 2023"', raw);
  }
  return wall;
}

interface GpuContext {
  time: string | null;
  driverVersion: string | null;
  cudaVersion: string | null;
}

function parseGpu(value: unknown, fallbackPath: string, layout: Layout, context: GpuContext): NvidiaSmiGpu {
  const gpu = asNode(value, fallbackPath);
  const id = typeof gpu['@_id'] === 'string' ? gpu['@_id'] : null;
  const path = id === null ? fallbackPath : `gpu[${id}]`;
  const memory = child(gpu, 'fb_memory_usage', path);
  const memoryPath = `${path}/fb_memory_usage`;
  const utilization = child(gpu, 'utilization', path);
  const utilPath = `${path}/utilization`;
  const reasons = clockEventReasons(gpu, path, layout);
  return {
    id,
    uuid: leaf(gpu, 'uuid', path, textValue),
    name: leaf(gpu, 'product_name', path, textValue),
    serial: leaf(gpu, 'serial', path, textValue),
    minorNumber: leaf(gpu, 'minor_number', path, integerValue),
    // Minimal logs (GTX 1070 Ti, v10) have no <pci> section; the id attribute is the same bus id.
    pciBusId: leaf(child(gpu, 'pci', path), 'pci_bus_id', `${path}/pci`, textValue) ?? id,
    driverVersion: context.driverVersion,
    cudaVersion: context.cudaVersion,
    time: context.time,
    performanceState: leaf(gpu, 'performance_state', path, textValue),
    memoryTotalMiB: leaf(memory, 'total', memoryPath, mib),
    memoryUsedMiB: leaf(memory, 'used', memoryPath, mib),
    memoryFreeMiB: leaf(memory, 'free', memoryPath, mib),
    utilGpu: leaf(utilization, 'gpu_util', utilPath, ratioValue),
    utilMemory: leaf(utilization, 'memory_util', utilPath, ratioValue),
    utilEncoder: leaf(utilization, 'encoder_util', utilPath, ratioValue),
    utilDecoder: leaf(utilization, 'decoder_util', utilPath, ratioValue),
    ...power(gpu, path, layout),
    smClockMHz: leaf(child(gpu, 'clocks', path), 'sm_clock', `${path}/clocks`, (raw) => quantityValue(raw, 'MHz')),
    temperatureC: leaf(child(gpu, 'temperature', path), 'gpu_temp', `${path}/temperature`, (raw) =>
      quantityValue(raw, 'C'),
    ),
    clockEventReasons: reasons,
    gpuIdle: reasons.gpu_idle ?? null,
    migMode: leaf(child(gpu, 'mig_mode', path), 'current_mig', `${path}/mig_mode`, migModeValue),
    migDevices: list(child(gpu, 'mig_devices', path), 'mig_device', `${path}/mig_devices`, parseMigDevice),
    processes: list(child(gpu, 'processes', path), 'process_info', `${path}/processes`, parseProcess),
  };
}

type PowerFields = Pick<NvidiaSmiGpu, 'powerDrawW' | 'powerDrawAverageW' | 'powerDrawInstantW' | 'powerLimitW'>;

function power(gpu: XmlNode, path: string, layout: Layout): PowerFields {
  const section = layout.power.find((name) => child(gpu, name, path) !== undefined) ?? '';
  const readings = child(gpu, section, path);
  const read = (name: string): number | null => leaf(readings, name, `${path}/${section}`, watts);
  const average = read('average_power_draw');
  const instant = read('instant_power_draw');
  return {
    powerDrawW: average ?? read('power_draw') ?? instant,
    powerDrawAverageW: average,
    powerDrawInstantW: instant,
    // enforced_power_limit (<= v12) and current_power_limit (>= v12) are the applied limit; power_limit is the
    // requested one, a last resort.
    powerLimitW: read('enforced_power_limit') ?? read('current_power_limit') ?? read('power_limit'),
  };
}

function clockEventReasons(gpu: XmlNode, path: string, layout: Layout): Record<string, boolean | null> {
  const found = layout.clockEvents.find(({ section }) => child(gpu, section, path) !== undefined);
  if (!found) return {};
  const section = child(gpu, found.section, path);
  const names = Object.keys(section ?? {}).filter((name) => name.startsWith(found.prefix));
  return Object.fromEntries(
    names.map((name) => [
      name.slice(found.prefix.length),
      leaf(section, name, `${path}/${found.section}`, activeValue),
    ]),
  );
}

function parseMigDevice(node: XmlNode, path: string): MigDevice {
  const gpuInstanceId = leaf(node, 'gpu_instance_id', path, integerValue);
  if (gpuInstanceId === null) fail(`${path}/gpu_instance_id`, 'the GPU instance id of a MIG device');
  const memory = child(node, 'fb_memory_usage', path);
  const memoryPath = `${path}/fb_memory_usage`;
  const shared = child(child(node, 'device_attributes', path), 'shared', `${path}/device_attributes`);
  return {
    index: leaf(node, 'index', path, integerValue),
    gpuInstanceId,
    computeInstanceId: leaf(node, 'compute_instance_id', path, integerValue),
    multiprocessorCount: leaf(shared, 'multiprocessor_count', `${path}/device_attributes/shared`, integerValue),
    memoryTotalMiB: leaf(memory, 'total', memoryPath, mib),
    memoryUsedMiB: leaf(memory, 'used', memoryPath, mib),
    memoryFreeMiB: leaf(memory, 'free', memoryPath, mib),
  };
}

function parseProcess(node: XmlNode, path: string): GpuProcess {
  const pid = leaf(node, 'pid', path, integerValue);
  if (pid === null) fail(`${path}/pid`, 'a process id');
  return {
    pid,
    type: leaf(node, 'type', path, textValue),
    name: leaf(node, 'process_name', path, textValue),
    usedMemoryMiB: leaf(node, 'used_memory', path, mib),
    gpuInstanceId: leaf(node, 'gpu_instance_id', path, integerValue),
    computeInstanceId: leaf(node, 'compute_instance_id', path, integerValue),
  };
}

const mib = (raw: string): number | null => quantityValue(raw, 'MiB');
const watts = (raw: string): number | null => quantityValue(raw, 'W');

function isNode(value: unknown): value is XmlNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An element with children; an empty element (`<processes />`) is an empty node. */
function asNode(value: unknown, path: string): XmlNode {
  if (isNode(value)) return value;
  if (value === '') return {};
  return fail(path, 'child elements', typeof value === 'string' ? value : null);
}

/**
 * A section element, or undefined when it is absent or holds only text: nvidia-smi writes "N/A" or "None" in
 * place of a section it cannot fill (`<mig_devices>None</mig_devices>`).
 */
function child(node: XmlNode | undefined, name: string, path: string): XmlNode | undefined {
  const value = node?.[name];
  if (Array.isArray(value)) fail(`${path}/${name}`, `a single <${name}>`, `${value.length} elements`);
  return isNode(value) ? value : undefined;
}

/** The converted text of a leaf element; null when the element is absent. */
function leaf<T>(
  node: XmlNode | undefined,
  name: string,
  path: string,
  convert: (raw: string) => T | null,
): T | null {
  const value = node?.[name];
  if (value === undefined) return null;
  const at = `${path}/${name}`;
  if (Array.isArray(value)) fail(at, `a single <${name}>`, `${value.length} elements`);
  const text = isNode(value) ? nodeText(value) : value;
  if (typeof text !== 'string') return fail(at, 'a text value, not child elements');
  try {
    return convert(text);
  } catch (error) {
    if (error instanceof ValueFormatError) fail(at, error.expected, text);
    throw error;
  }
}

/** An element with attributes keeps its text under #text; one with child elements has none. */
function nodeText(node: XmlNode): unknown {
  if ('#text' in node) return node['#text'];
  return Object.keys(node).every((key) => key.startsWith('@_')) ? '' : undefined;
}

function list<T>(
  section: XmlNode | undefined,
  name: string,
  path: string,
  parse: (node: XmlNode, path: string) => T,
): T[] {
  const items = section?.[name];
  if (items === undefined) return [];
  if (!Array.isArray(items)) return fail(`${path}/${name}`, `a list of <${name}>`);
  return items.map((item: unknown, i: number) => {
    const itemPath = `${path}/${name}[${i}]`;
    return parse(asNode(item, itemPath), itemPath);
  });
}
