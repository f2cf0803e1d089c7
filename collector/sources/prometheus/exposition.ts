/**
 * Pulse's streaming parser for Prometheus text format 0.0.4 and OpenMetrics 1.0 text.
 *
 * Input arrives as string chunks split anywhere (even mid-line); complete lines are scanned in place and
 * each sample goes to a callback, so a large scrape is never held as a list of objects. Text 0.0.4 follows
 * the Go expfmt TextParser; OpenMetrics follows the OpenMetrics conformance suite, plus a time-series mode
 * for backfill files. Errors are `ExpositionError`s with a 1-based line and column.
 */
import { BackslashIndex, HASH, isBlank } from './exposition-chars.ts';
import { ExpositionError } from './exposition-error.ts';
import { CommentScanner } from './exposition-metadata.ts';
import type { SampleLine } from './exposition-scanner.ts';
import { LineScanner } from './exposition-scanner.ts';
import type { ExpositionFormat, ExpositionOptions, ExpositionSample, ExpositionSummary, Labels, LabelView, MetricFamily, SampleLineView } from './exposition-types.ts';
import { OpenMetricsRules } from './openmetrics-rules.ts';
import { TextFormatRules } from './text-format-rules.ts';

export { ExpositionError } from './exposition-error.ts';
export type {
  Exemplar,
  ExpositionFormat,
  ExpositionOptions,
  ExpositionSample,
  ExpositionSummary,
  Labels,
  LabelView,
  MetricFamily,
  MetricType,
  SampleLineView,
} from './exposition-types.ts';

class RecordView implements LabelView {
  constructor(private readonly labels: Labels) {}

  get(name: string): string | undefined {
    return this.labels[name];
  }

  record(): Labels {
    return this.labels;
  }
}

/** A label record seen through the LabelView interface (for samples that were built anyway). */
export function labelView(labels: Labels): LabelView {
  return new RecordView(labels);
}

export type SampleHandler = (sample: ExpositionSample) => void;

export interface FormatHints {
  readonly contentType?: string;
  readonly tail?: string;
}

export interface ParsedExposition extends ExpositionSummary {
  readonly samples: readonly ExpositionSample[];
}

/** True when the text's last line (ignoring one final line feed) is `# EOF`. */
function endsWithEof(text: string): boolean {
  const end = text.endsWith('\n') ? text.length - 1 : text.length;
  return end >= 5 && text.startsWith('# EOF', end - 5) && (end === 5 || text[end - 6] === '\n');
}

/**
 * Decides the format for `format: 'auto'`. The content type wins when it names a format
 * (`application/openmetrics-text` or `text/plain`); otherwise the tail decides: OpenMetrics must end with
 * `# EOF`, text 0.0.4 has no such marker. Undefined when neither hint is usable.
 */
export function detectExpositionFormat(hints: FormatHints): ExpositionFormat | undefined {
  const mediaType = hints.contentType?.split(';')[0]?.trim().toLowerCase();
  if (mediaType === 'application/openmetrics-text') return 'openmetrics';
  if (mediaType === 'text/plain') return 'prometheus';
  if (hints.tail === undefined) return undefined;
  return endsWithEof(hints.tail) ? 'openmetrics' : 'prometheus';
}

export class ExpositionParser {
  readonly format: ExpositionFormat;
  private readonly onSample: SampleHandler;
  private readonly onSkipped: ((name: string, timestampMs: number | null) => void) | undefined;
  private readonly onLine: ((line: SampleLineView) => boolean) | undefined;
  private readonly backslashes = new BackslashIndex();
  private readonly scanner: LineScanner;
  private readonly comments = new CommentScanner(this.backslashes);
  private readonly openMetrics: OpenMetricsRules | undefined;
  private readonly text: TextFormatRules | undefined;
  private readonly strict: boolean;
  /** The unfinished last line of the chunks written so far. */
  private pending = '';
  private lineNo = 0;
  private sampleCount = 0;
  private eofSeen = false;
  private ended = false;
  /** The error that stopped parsing (a parse error or one thrown by the sample handler). */
  private failure: { readonly error: unknown } | undefined = undefined;

  /** @throws TypeError when `format` is `auto` (the default) and neither `contentType` nor `tail` decides it. */
  constructor(onSample: SampleHandler, options: ExpositionOptions = {}) {
    const requested = options.format ?? 'auto';
    const format = requested === 'auto' ? detectExpositionFormat(options) : requested;
    if (format === undefined) {
      throw new TypeError("format 'auto' needs a contentType naming the format or the input's tail; pass format 'prometheus' or 'openmetrics'");
    }
    this.format = format;
    this.onSample = onSample;
    this.scanner = new LineScanner(format, this.backslashes, options.skip);
    this.onSkipped = options.onSkipped;
    this.onLine = options.onLine;
    this.strict = options.strict ?? true;
    if (format === 'openmetrics') this.openMetrics = new OpenMetricsRules(this.strict, options.timeSeries ?? false);
    else this.text = new TextFormatRules();
  }

  /** Feeds the next chunk; complete lines are parsed now, a trailing partial line waits for more. */
  write(chunk: string): void {
    this.assertOpen();
    const lastNewline = chunk.lastIndexOf('\n');
    if (lastNewline === -1) {
      this.pending += chunk;
      return;
    }
    const text = this.pending.length === 0 ? chunk : this.pending + chunk;
    const complete = text.length - (chunk.length - lastNewline - 1);
    this.pending = chunk.slice(lastNewline + 1);
    this.backslashes.reset();
    this.guard(() => {
      let start = 0;
      while (start < complete) {
        const newline = text.indexOf('\n', start);
        this.lineNo++;
        this.line(text, start, newline);
        start = newline + 1;
      }
    });
  }

  /** Complete lines parsed so far (a partial last line waits for more input or for end()). */
  get linesRead(): number {
    return this.lineNo;
  }

  /** Parses the last line, checks the end of the input and returns what was read. */
  end(): ExpositionSummary {
    this.assertOpen();
    this.guard(() => {
      const rest = this.pending;
      this.pending = '';
      if (rest.length > 0) {
        this.lineNo++;
        this.backslashes.reset();
        this.line(rest, 0, rest.length);
        if (this.text !== undefined && this.strict && hasContent(rest)) {
          throw new ExpositionError('the last line has no line feed: text format 0.0.4 ends every line with \\n (pass strict: false to accept it)', this.lineNo, rest.length + 1);
        }
      }
      if (this.openMetrics !== undefined && !this.eofSeen) throw new ExpositionError("missing '# EOF': OpenMetrics input must end with it", this.lineNo + 1, 1);
    });
    this.ended = true;
    return { format: this.format, families: this.families(), sampleCount: this.sampleCount, lineCount: this.lineNo };
  }

  private families(): readonly MetricFamily[] {
    return this.openMetrics?.families ?? this.text?.families ?? [];
  }

  private assertOpen(): void {
    if (this.failure !== undefined) throw this.failure.error;
    if (this.ended) throw new Error('ExpositionParser: end() was already called');
  }

  /** Remembers an error so that later calls report it again instead of parsing on from a broken state. */
  private guard(work: () => void): void {
    try {
      work();
    } catch (error) {
      this.failure = { error };
      throw error;
    }
  }

  /** One line s[start, end), without its line feed. */
  private line(s: string, start: number, end: number): void {
    const lineNo = this.lineNo;
    if (this.openMetrics !== undefined) {
      if (this.eofSeen) throw new ExpositionError("unexpected content after '# EOF'", lineNo, 1);
      if (start === end) throw new ExpositionError('blank lines are not allowed in OpenMetrics', lineNo, 1);
      if (s.charCodeAt(start) === HASH) {
        const descriptor = this.comments.openMetrics(s, start, end, lineNo);
        if (descriptor === 'eof') {
          this.eofSeen = true;
          this.openMetrics.end(lineNo);
        } else {
          this.openMetrics.descriptor(descriptor, lineNo);
          this.scanner.expectName(descriptor.name);
        }
        return;
      }
      const sample = this.scanner.scan(s, start, start, end, lineNo);
      this.emit(this.openMetrics.sample(sample, lineNo), sample);
    } else if (this.text !== undefined) {
      let i = start;
      while (i < end && isBlank(s.charCodeAt(i))) i++;
      if (i === end) return;
      if (s.charCodeAt(i) === HASH) {
        const descriptor = this.comments.text(s, start, i, end, lineNo);
        if (descriptor !== undefined) {
          this.text.descriptor(descriptor, lineNo);
          this.scanner.expectName(descriptor.name);
        }
        return;
      }
      const sample = this.scanner.scan(s, start, i, end, lineNo);
      this.emit(this.text.sample(sample, lineNo), sample);
    }
  }

  private emit(family: MetricFamily, line: SampleLine): void {
    const labels = line.labels;
    this.sampleCount++;
    if (line.skipped) {
      this.onSkipped?.(line.name, line.timestampMs);
      return;
    }
    if (this.onLine?.(line)) return;
    this.onSample({
      family,
      name: line.name,
      labels: labels.record(),
      seriesKey: line.seriesKey,
      value: line.value,
      timestampMs: line.timestampMs,
      exemplar: line.exemplar,
    });
  }
}

function hasContent(line: string): boolean {
  for (let i = 0; i < line.length; i++) if (!isBlank(line.charCodeAt(i))) return true;
  return false;
}

/** Parses a whole exposition held in memory; `auto` decides the format from the text's ending. */
export function parseExpositionText(text: string, options: ExpositionOptions = {}): ParsedExposition {
  const samples: ExpositionSample[] = [];
  const parser = new ExpositionParser((sample) => samples.push(sample), { ...options, tail: options.tail ?? text });
  parser.write(text);
  return { ...parser.end(), samples };
}
