/**
 * `#` lines: HELP / TYPE / UNIT descriptors and `# EOF`. OpenMetrics allows nothing else and is strict
 * about single spaces; text 0.0.4 follows the Go expfmt parser (blanks and tabs anywhere, any other
 * comment ignored, TYPE keywords case-insensitive).
 */
import { ExpositionError } from './exposition-error.ts';
import { describe, isBlank, isNameChar, isNameStart } from './exposition-scanner.ts';
import type { MetricType } from './exposition-types.ts';

const SPACE = 32;
const BACKSLASH = 92;
const LOWER_N = 110;
const QUOTE = 34;

export type Descriptor =
  | { readonly kind: 'HELP'; readonly name: string; readonly help: string }
  | { readonly kind: 'TYPE'; readonly name: string; readonly type: MetricType }
  | { readonly kind: 'UNIT'; readonly name: string; readonly unit: string };

const OPENMETRICS_TYPES: ReadonlySet<string> = new Set<MetricType>(['counter', 'gauge', 'histogram', 'gaugehistogram', 'summary', 'info', 'stateset', 'unknown']);

function isOpenMetricsType(value: string): value is MetricType {
  return OPENMETRICS_TYPES.has(value);
}
const TEXT_TYPES: ReadonlyMap<string, MetricType> = new Map<string, MetricType>([
  ['counter', 'counter'],
  ['gauge', 'gauge'],
  ['histogram', 'histogram'],
  ['summary', 'summary'],
  ['untyped', 'unknown'],
]);

class CommentContext {
  readonly s: string;
  readonly lineStart: number;
  readonly end: number;
  readonly lineNo: number;

  constructor(s: string, lineStart: number, end: number, lineNo: number) {
    this.s = s;
    this.lineStart = lineStart;
    this.end = end;
    this.lineNo = lineNo;
  }

  fail(reason: string, index: number): never {
    throw new ExpositionError(reason, this.lineNo, index - this.lineStart + 1);
  }

  nameEnd(from: number): number {
    let i = from;
    if (i < this.end && isNameStart(this.s.charCodeAt(i))) {
      i++;
      while (i < this.end && isNameChar(this.s.charCodeAt(i))) i++;
    }
    return i;
  }

  /**
   * Resolves `\\`, `\n` and `\"`. Text 0.0.4 rejects any other escape like Go does; OpenMetrics parsers
   * keep them verbatim (the suite's `help_escaping` case has `\foo`).
   */
  unescape(from: number, strict: boolean): string {
    const { s, end } = this;
    let text = '';
    let runStart = from;
    for (let i = from; i < end; i++) {
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

/** An OpenMetrics `#` line s[start, end): a descriptor, or 'eof' for `# EOF`. */
export function scanOpenMetricsComment(s: string, start: number, end: number, lineNo: number): Descriptor | 'eof' {
  const line = new CommentContext(s, start, end, lineNo);
  if (end - start === 5 && s.startsWith('# EOF', start)) return 'eof';
  if (start + 1 >= end || s.charCodeAt(start + 1) !== SPACE) {
    line.fail("expected '# HELP', '# TYPE', '# UNIT' or '# EOF': OpenMetrics has no other comment lines", start);
  }
  let kwEnd = start + 2;
  while (kwEnd < end && s.charCodeAt(kwEnd) !== SPACE) kwEnd++;
  const keyword = s.slice(start + 2, kwEnd);
  if (keyword !== 'HELP' && keyword !== 'TYPE' && keyword !== 'UNIT') {
    line.fail(`unknown line '# ${keyword}': expected '# HELP', '# TYPE', '# UNIT' or '# EOF'`, start + 2);
  }
  const nameStart = kwEnd + 1;
  const nameEnd = line.nameEnd(nameStart);
  if (nameEnd === nameStart) line.fail(`expected a metric name after '# ${keyword}'`, nameStart);
  if (nameEnd >= end) line.fail(`expected a space and the ${keyword} value after the metric name`, nameEnd);
  if (s.charCodeAt(nameEnd) !== SPACE) line.fail(`invalid character in the metric name: found ${describe(s.charCodeAt(nameEnd))}`, nameEnd);
  const name = s.slice(nameStart, nameEnd);
  const valueStart = nameEnd + 1;

  if (keyword === 'HELP') return { kind: 'HELP', name, help: line.unescape(valueStart, false) };
  const value = s.slice(valueStart, end);
  if (keyword === 'TYPE') {
    if (!isOpenMetricsType(value)) {
      return line.fail(`unknown metric type '${value}': expected counter, gauge, histogram, gaugehistogram, summary, info, stateset or unknown`, valueStart);
    }
    return { kind: 'TYPE', name, type: value };
  }
  for (let i = valueStart; i < end; i++) {
    if (!isNameChar(s.charCodeAt(i))) line.fail(`invalid character in the unit: found ${describe(s.charCodeAt(i))}`, i);
  }
  return { kind: 'UNIT', name, unit: value };
}

/**
 * A text 0.0.4 `#` line s[start, end), `start` at the `#` (blanks may precede it). Returns undefined for
 * a plain comment, and for HELP/TYPE lines with nothing after the name, which Go also ignores.
 */
export function scanTextComment(s: string, lineStart: number, start: number, end: number, lineNo: number): Descriptor | undefined {
  const line = new CommentContext(s, lineStart, end, lineNo);
  let i = start + 1;
  while (i < end && isBlank(s.charCodeAt(i))) i++;
  let kwEnd = i;
  while (kwEnd < end && !isBlank(s.charCodeAt(kwEnd))) kwEnd++;
  if (kwEnd === end) return undefined;
  const keyword = s.slice(i, kwEnd);
  if (keyword !== 'HELP' && keyword !== 'TYPE') return undefined;

  i = kwEnd;
  while (i < end && isBlank(s.charCodeAt(i))) i++;
  const nameEnd = line.nameEnd(i);
  if (nameEnd === end) return undefined;
  if (!isBlank(s.charCodeAt(nameEnd))) line.fail(`invalid metric name in the ${keyword} line: found ${describe(s.charCodeAt(nameEnd))}`, nameEnd);
  const name = s.slice(i, nameEnd);
  let valueStart = nameEnd;
  while (valueStart < end && isBlank(s.charCodeAt(valueStart))) valueStart++;
  if (valueStart === end) return undefined;

  if (keyword === 'HELP') return { kind: 'HELP', name, help: line.unescape(valueStart, true) };
  // Go takes the rest of the line, trailing blanks included, and matches it case-insensitively.
  const value = s.slice(valueStart, end);
  const type = TEXT_TYPES.get(value.toLowerCase());
  if (type === undefined) return line.fail(`unknown metric type '${value}': expected counter, gauge, histogram, summary or untyped`, valueStart);
  return { kind: 'TYPE', name, type };
}
