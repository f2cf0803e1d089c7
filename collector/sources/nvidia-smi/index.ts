/** nvidia-smi parsers: `-q -x` XML and `--query-gpu` CSV to typed results, and both to GPU readings. */
export { NvidiaSmiParseError, type NvidiaSmiInput } from './errors.ts';
export { parseNvidiaSmiXml, type NvidiaSmiXmlOptions } from './xml.ts';
export { parseQueryGpuCsv, type QueryGpuCsvOptions } from './query-csv.ts';
export { toGpuReadings, type GpuReading, type GpuReadingScope } from './readings.ts';
export type {
  GpuFields,
  GpuProcess,
  MigDevice,
  MigMode,
  NvidiaSmiGpu,
  NvidiaSmiSnapshot,
  NvidiaSmiXmlGeneration,
  QueryGpuRow,
} from './types.ts';
