/**
 * `#` lines: HELP / TYPE / UNIT descriptors and `# EOF`. OpenMetrics allows nothing else and is strict
 * about single spaces; text 0.0.4 follows the Go expfmt parser (blanks and tabs anywhere, any other
 * comment ignored, TYPE keywords case-insensitive).
 */
import type { BackslashIndex } from './exposition-chars.ts';
import { BACKSLASH, describe, isBlank, isNameChar, isNameStart, LOWER_N, QUOTE, SPACE } from './exposition-chars.ts';
import { ExpositionError } from './exposition-error.ts';
import type { MetricType } from './exposition-types.ts';

export type Descriptor =
  | { readonly kind: 'HELP'; readonly name: string; readonly help: string }
  | { readonly kind: 'TYPE'; readonly name: string; readonly type: MetricType }
  | { readonly kind: 'UNIT'; readonly name: string; readonly unit: string };

const OPENMETRICS_TYPES: ReadonlySet<string> = new Set<MetricType>(['counter', 'gauge', 'histogram', 'gaugehistogram', 'summary', 'info', 'stateset', 'unknown']);
const TEXT_TYPES: ReadonlyMap<string, MetricType> = new Map<string, MetricType>([
  ['counter', 'counter'],
  ['gauge', 'gauge'],
  ['histogram', 'histogram'],
  ['summary', 'summary'],
  ['untyped', 'unknown'],
]);

function isOpenMetricsType(value: string): value is MetricType {
  return OPENMETRICS_TYPES.has(value);
}

/** Scans `#` lines; one instance per parser, reused line after line. */
export class CommentScanner {
  private s = '';
  private lineStart = 0;
  private end = 0;
  private lineNo = 0;
  /** HELP and TYPE lines of a family repeat its name: the previous string is reused. */
  private name = '';
  private readonly backslashes: BackslashIndex;

  constructor(backslashes: BackslashIndex) {
    this.backslashes = backslashes;
  }

  /** An OpenMetrics `#` line s[start, end): a descriptor, or 'eof' for `# EOF`. */
  openMetrics(s: string, start: number, end: number, lineNo: number): Descriptor | 'eof' {
    this.setLine(s, start, end, lineNo);
    if (end - start === 5 && s.startsWith('# EOF', start)) return 'eof';
    if (start + 1 >= end || s.charCodeAt(start + 1) !== SPACE) {
      this.fail("expected '# HELP', '# TYPE', '# UNIT' or '# EOF': OpenMetrics has no other comment lines", start);
    }
    let kwEnd = start + 2;
    while (kwEnd < end && s.charCodeAt(kwEnd) !== SPACE) kwEnd++;
    const keyword = s.slice(start + 2, kwEnd);
    if (keyword !== 'HELP' && keyword !== 'TYPE' && keyword !== 'UNIT') {
      this.fail(`unknown line '# ${keyword}': expected '# HELP', '# TYPE', '# UNIT' or '# EOF'`, start + 2);
    }
    const nameStart = kwEnd + 1;
    const nameEnd = this.scanName(nameStart);
    if (nameEnd === nameStart) this.fail(`expected a metric name after '# ${keyword}'`, nameStart);
    if (nameEnd >= end) this.fail(`expected a space and the ${keyword} value after the metric name`, nameEnd);
    if (s.charCodeAt(nameEnd) !== SPACE) this.fail(`invalid character in the metric name: found ${describe(s.charCodeAt(nameEnd))}`, nameEnd);
    const name = this.name;
    const valueStart = nameEnd + 1;

    if (keyword === 'HELP') return { kind: 'HELP', name, help: this.unescape(valueStart, false) };
    const value = s.slice(valueStart, end);
    if (keyword === 'TYPE') {
      if (!isOpenMetricsType(value)) {
        return this.fail(`unknown metric type '${value}': expected counter, gauge, histogram, gaugehistogram, summary, info, stateset or unknown`, valueStart);
      }
      return { kind: 'TYPE', name, type: value };
    }
    for (let i = valueStart; i < end; i++) {
      if (!isNameChar(s.charCodeAt(i))) this.fail(`invalid character in the unit: found ${describe(s.charCodeAt(i))}`, i);
    }
    return { kind: 'UNIT', name, unit: value };
  }

  /**
   * A text 0.0.4 `#` line s[lineStart, end) whose `#` is at `start` (blanks may precede it). Returns
   * undefined for a plain comment, and for HELP/TYPE lines with nothing after the name, which Go ignores.
   */
  text(s: string, lineStart: number, start: number, end: number, lineNo: number): Descriptor | undefined {
    this.setLine(s, lineStart, end, lineNo);
    let i = start + 1;
    while (i < end && isBlank(s.charCodeAt(i))) i++;
    const help = s.startsWith('HELP', i);
    if (!(help || s.startsWith('TYPE', i)) || i + 4 >= end || !isBlank(s.charCodeAt(i + 4))) return undefined;
    const keyword = help ? 'HELP' : 'TYPE';

    i += 5;
    while (i < end && isBlank(s.charCodeAt(i))) i++;
    const nameEnd = this.scanName(i);
    if (nameEnd === end) return undefined;
    if (!isBlank(s.charCodeAt(nameEnd))) this.fail(`invalid metric name in the ${keyword} line: found ${describe(s.charCodeAt(nameEnd))}`, nameEnd);
    let valueStart = nameEnd;
    while (valueStart < end && isBlank(s.charCodeAt(valueStart))) valueStart++;
    if (valueStart === end) return undefined;

    if (help) return { kind: 'HELP', name: this.name, help: this.unescape(valueStart, true) };
    // Go takes the rest of the line, trailing blanks included, and matches it case-insensitively.
    const value = s.slice(valueStart, end);
    const type = TEXT_TYPES.get(value) ?? TEXT_TYPES.get(value.toLowerCase());
    if (type === undefined) return this.fail(`unknown metric type '${value}': expected counter, gauge, histogram, summary or untyped`, valueStart);
    return { kind: 'TYPE', name: this.name, type };
  }

  private setLine(s: string, lineStart: number, end: number, lineNo: number): void {
    this.s = s;
    this.lineStart = lineStart;
    this.end = end;
    this.lineNo = lineNo;
  }

  private fail(reason: string, index: number): never {
    throw new ExpositionError(reason, this.lineNo, index - this.lineStart + 1);
  }

  /** Scans a metric name at `from` into `this.name`; returns its end (`from` when there is none). */
  private scanName(from: number): number {
    const { s, end } = this;
    const previous = this.name;
    if (previous.length > 0 && s.startsWith(previous, from) && !isNameChar(s.charCodeAt(from + previous.length))) return from + previous.length;
    let i = from;
    if (i < end && isNameStart(s.charCodeAt(i))) {
      i++;
      while (i < end && isNameChar(s.charCodeAt(i))) i++;
      this.name = s.slice(from, i);
    }
    return i;
  }

  /**
   * Resolves `\\`, `\n` and `\"`. Text 0.0.4 rejects any other escape like Go does; OpenMetrics parsers
   * keep them verbatim (the suite's `help_escaping` case has `\foo`).
   */
  private unescape(from: number, strict: boolean): string {
    const { s, end } = this;
    const first = this.backslashes.from(s, from);
    if (first === -1 || first >= end) return s.slice(from, end);
    let text = '';
    let runStart = from;
    for (let i = first; i < end; i++) {
      if (s.charCodeAt(i) !== BACKSLASH) continue;
      const escaped = i + 1 < end ? s.charCodeAt(i + 1) : -1;
      if (escaped === BACKSLASH || escaped === QUOTE || escaped === LOWER_N) {
        text += s.slice(runStart, i) + (escaped === LOWER_N ? '\n' : s.charAt(i + 1));
        runStart = i + 2;
        i++;
      } else if (strict) {
        this.fail(escaped === -1 ? 'HELP text ends with a lone backslash' : `invalid escape sequence '\\${s.charAt(i + 1)}' in HELP text: only \\\\, \\" and \\n are allowed`, i);
      } else if (escaped !== -1) {
        i++;
      }
    }
    return text + s.slice(runStart, end);
  }
}
