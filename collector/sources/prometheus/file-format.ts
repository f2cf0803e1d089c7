/**
 * Which exposition a file holds, from its first and last bytes: OpenMetrics ends with `# EOF`, text 0.0.4 does
 * not; an OpenMetrics file whose first sample carries a timestamp is a time series (the format
 * `promtool tsdb create-blocks-from openmetrics` reads) rather than a single scrape. Pure.
 */
import type { ExpositionFormat } from './exposition.ts';
import { detectExpositionFormat, ExpositionParser } from './exposition.ts';

export interface FileFormat {
  readonly format: ExpositionFormat;
  readonly timeSeries: boolean;
}

class FirstSample extends Error {
  constructor(readonly timestamped: boolean) {
    super('first sample found');
  }
}

/** `forced` overrides the detected format (`pulse import prom --format`). */
export function detectFileFormat(head: string, tail: string, forced?: ExpositionFormat): FileFormat {
  const format = forced ?? detectExpositionFormat({ tail }) ?? 'prometheus';
  if (format !== 'openmetrics') return { format, timeSeries: false };
  const lines = head.slice(0, head.lastIndexOf('\n') + 1);
  const probe = new ExpositionParser(
    (sample) => {
      throw new FirstSample(sample.timestampMs !== null);
    },
    { format, strict: false, timeSeries: false },
  );
  try {
    probe.write(lines);
  } catch (error) {
    if (error instanceof FirstSample) return { format, timeSeries: error.timestamped };
    // A single-scrape parse that fails this early is most likely a time series breaking scrape rules.
    return { format, timeSeries: true };
  }
  return { format, timeSeries: false };
}
