/**
 * Character-level scanner for one sample line, in either dialect. It reads the original string with
 * charCodeAt, indexOf and startsWith (no regex, no split) and writes into one reused `SampleLine`, so the
 * only per-line allocations are the strings that end up in the sample. Names and label names equal to those
 * of the previous line are reused instead of sliced again: exporters repeat them. A plain label value is only
 * located; it is sliced when someone reads it, which a consumer of a few labels per line (onLine) rarely does.
 */
import type { BackslashIndex } from './exposition-chars.ts';
import {
  BACKSLASH,
  CLOSE_BRACE,
  COMMA,
  describe,
  EQUALS,
  HASH,
  isBlank,
  isLabelChar,
  isLabelStart,
  isNameChar,
  isNameStart,
  LOWER_N,
  OPEN_BRACE,
  QUOTE,
  SPACE,
} from './exposition-chars.ts';
import { ExpositionError } from './exposition-error.ts';
import { parseInteger, parseReal, parseValue } from './exposition-number.ts';
import type { Exemplar, Labels, LabelView } from './exposition-types.ts';

/** OpenMetrics allows at most 128 code points of exemplar label names and values together. */
const EXEMPLAR_RUNE_LIMIT = 128;

export type Dialect = 'prometheus' | 'openmetrics';

/** Escapes a label value the way it is written inside quotes. */
function escapeLabelValue(value: string): string {
  return value.replace(/[\\"\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`));
}

/**
 * One label set as scanned: parallel arrays reused from line to line, `count` entries valid. A value is kept as
 * its place in the scanned text until value(k) slices it (a value equal to the one sliced at that position
 * before is reused), so it can be read only until the next line is scanned.
 */
export class LabelList implements LabelView {
  count = 0;
  readonly names: string[] = [];
  /** `name="` of each name, which the next line most likely repeats (see LineScanner.scanSameLabels). */
  readonly openers: string[] = [];
  /** 1-based column of each label name, for error messages. */
  readonly columns: number[] = [];
  private text = '';
  private readonly starts: number[] = [];
  /** End of each value in `text`; SLICED when `sliced` holds the value itself. */
  private readonly ends: number[] = [];
  private readonly sliced: string[] = [];

  /** The text the next values are located in. */
  scanning(text: string): void {
    this.text = text;
  }

  /** The value of label k is text[start, end), as written. */
  locate(k: number, start: number, end: number): void {
    this.starts[k] = start;
    this.ends[k] = end;
  }

  /** The value of label k, when it differs from the text (escapes). */
  set(k: number, value: string): void {
    this.sliced[k] = value;
    this.ends[k] = SLICED;
  }

  value(k: number): string {
    const end = this.ends[k] ?? SLICED;
    if (end === SLICED) return this.sliced[k] ?? '';
    const start = this.starts[k] as number;
    const previous = this.sliced[k];
    const value = previous !== undefined && previous.length === end - start && this.text.startsWith(previous, start) ? previous : this.text.slice(start, end);
    this.set(k, value);
    return value;
  }

  indexOf(name: string): number {
    for (let k = 0; k < this.count; k++) if (this.names[k] === name) return k;
    return -1;
  }

  get(name: string): string | undefined {
    const k = this.indexOf(name);
    return k === -1 ? undefined : this.value(k);
  }

  /** The label record; `__proto__` is a valid label name and must not touch the prototype. */
  record(): Labels {
    const labels: Record<string, string> = {};
    for (let k = 0; k < this.count; k++) {
      const name = this.names[k] ?? '';
      const value = this.value(k);
      if (name === '__proto__') {
        Object.defineProperty(labels, name, { value, enumerable: true, writable: true, configurable: true });
      } else {
        labels[name] = value;
      }
    }
    return labels;
  }
}

const SLICED = -1;

/** The fields of one sample line. The scanner overwrites them for every line. */
export class SampleLine {
  name = '';
  readonly labels = new LabelList();
  seriesKey = '';
  value = 0;
  valueColumn = 0;
  timestampMs: number | null = null;
  exemplar: Exemplar | undefined = undefined;
  /** The metric is one the caller skips: in text 0.0.4 its series key was not built. */
  skipped = false;
}

export class LineScanner {
  readonly sample = new SampleLine();
  private readonly exemplarLabels = new LabelList();
  private readonly lenient: boolean;
  private s = '';
  private lineStart = 0;
  private end = 0;
  private lineNo = 0;
  /** False once the line's spelling of the series differs from the canonical key (blanks, `{}`, ...). */
  private canonical = true;
  /** Shared with the comment scanner: where the next backslash is, so plain values skip escape handling. */
  private readonly backslashes: BackslashIndex;
  private readonly skip: ((name: string) => boolean) | undefined;
  /** The last name `skip` was asked about and its answer: lines of one metric follow each other. */
  private skipAsked: string | undefined = undefined;
  private skipAnswer = false;

  constructor(dialect: Dialect, backslashes: BackslashIndex, skip?: (name: string) => boolean) {
    this.lenient = dialect === 'prometheus';
    this.backslashes = backslashes;
    this.skip = skip;
  }

  /** The next sample probably has this name (the family just described): a hint for name reuse. */
  expectName(name: string): void {
    this.sample.name = name;
  }

  /**
   * Scans the sample line s[lineStart, end) starting at `from` (text 0.0.4 lets leading blanks precede
   * the name). Throws ExpositionError on syntax errors.
   */
  scan(s: string, lineStart: number, from: number, end: number, lineNo: number): SampleLine {
    this.s = s;
    this.lineStart = lineStart;
    this.end = end;
    this.lineNo = lineNo;
    this.canonical = true;
    const sample = this.sample;
    sample.exemplar = undefined;

    const nameEnd = this.scanName(from);
    sample.skipped = this.skips(sample.name);
    let i = nameEnd;
    let keyEnd = nameEnd;
    const labels = sample.labels;
    if (this.lenient) {
      const afterBlanks = this.skipBlanks(i);
      if (afterBlanks < end && s.charCodeAt(afterBlanks) === OPEN_BRACE) {
        if (afterBlanks !== i) this.canonical = false;
        i = this.scanLabels(afterBlanks, labels);
        keyEnd = i;
        i = this.skipBlanks(i);
      } else {
        labels.count = 0;
        i = afterBlanks;
      }
      // OpenMetrics rules need the key and values of skipped samples too; text 0.0.4 rules do not.
      sample.seriesKey = sample.skipped ? '' : this.seriesKey(from, keyEnd);
      this.scanTextTail(i);
    } else {
      let c = i < end ? s.charCodeAt(i) : -1;
      if (c === OPEN_BRACE) {
        i = this.scanLabels(i, labels);
        keyEnd = i;
        c = i < end ? s.charCodeAt(i) : -1;
      } else {
        labels.count = 0;
      }
      if (c !== SPACE) {
        if (c === -1) this.fail('expected a space and a value after the metric name', i);
        this.fail(keyEnd === nameEnd ? `invalid character in the metric name: found ${describe(c)}` : `expected a space after the labels, found ${describe(c)}`, i);
      }
      sample.seriesKey = this.seriesKey(from, keyEnd);
      this.scanOpenMetricsTail(i + 1);
    }
    return sample;
  }

  private skips(name: string): boolean {
    if (this.skip === undefined) return false;
    if (name !== this.skipAsked) {
      this.skipAsked = name;
      this.skipAnswer = this.skip(name);
    }
    return this.skipAnswer;
  }

  private fail(reason: string, index: number): never {
    throw new ExpositionError(reason, this.lineNo, index - this.lineStart + 1);
  }

  private scanName(from: number): number {
    const s = this.s;
    const end = this.end;
    if (from >= end || !isNameStart(s.charCodeAt(from))) {
      this.fail(`expected a metric name, found ${describe(from < end ? s.charCodeAt(from) : -1)}`, from);
    }
    // Consecutive lines mostly repeat the name: matching the previous one skips the char loop.
    const previous = this.sample.name;
    if (previous.length > 0 && s.startsWith(previous, from) && !isNameChar(s.charCodeAt(from + previous.length))) return from + previous.length;
    let i = from + 1;
    while (i < end && isNameChar(s.charCodeAt(i))) i++;
    this.sample.name = s.slice(from, i);
    return i;
  }

  private skipBlanks(i: number): number {
    while (i < this.end && isBlank(this.s.charCodeAt(i))) i++;
    return i;
  }

  /** Optional blanks (text 0.0.4 only) between label tokens. */
  private skipLabelBlanks(i: number): number {
    if (!this.lenient) return i;
    const next = this.skipBlanks(i);
    if (next !== i) this.canonical = false;
    return next;
  }

  /** Scans `{...}` starting at the brace; returns the index after `}`. */
  private scanLabels(open: number, list: LabelList): number {
    const s = this.s;
    const end = this.end;
    const previousCount = list.count;
    list.count = 0;
    list.scanning(s);
    if (previousCount > 0) {
      const after = this.scanSameLabels(open + 1, list, previousCount);
      if (after !== -1) return after;
      this.backslashes.reset(); // the full scan below starts before where the quick one asked
    }
    let i = this.skipLabelBlanks(open + 1);
    if (i < end && s.charCodeAt(i) === CLOSE_BRACE) {
      this.canonical = false;
      return i + 1;
    }
    // While every name so far is the very string the previous line had at that position, the names are
    // known to be distinct and the duplicate check can be skipped.
    let sameAsPrevious = true;
    for (;;) {
      const nameStart = i;
      const k = list.count;
      const previousName = list.names[k];
      let name: string;
      // The previous line's name at this position is already validated: matching it skips the char loop.
      if (previousName !== undefined && s.startsWith(previousName, i) && !isLabelChar(s.charCodeAt(i + previousName.length))) {
        name = previousName;
        i += previousName.length;
        if (k >= previousCount) sameAsPrevious = false;
      } else {
        if (i >= end || !isLabelStart(s.charCodeAt(i))) {
          this.fail(`expected a label name, found ${describe(i < end ? s.charCodeAt(i) : -1)}`, i);
        }
        i++;
        while (i < end && isLabelChar(s.charCodeAt(i))) i++;
        name = s.slice(nameStart, i);
        sameAsPrevious = false;
      }
      if (name === '__name__') this.fail("the label name '__name__' is reserved", nameStart);
      if (!sameAsPrevious && list.indexOf(name) !== -1) this.fail(`duplicate label name '${name}'`, nameStart);

      // Blanks are rare even where text 0.0.4 allows them: test for the expected character first.
      if (s.charCodeAt(i) !== EQUALS) i = this.skipLabelBlanks(i);
      if (i >= end || s.charCodeAt(i) !== EQUALS) this.fail(`expected '=' after the label name '${name}'`, i);
      i++;
      if (s.charCodeAt(i) !== QUOTE) i = this.skipLabelBlanks(i);
      if (i >= end || s.charCodeAt(i) !== QUOTE) this.fail(`expected '"' to open the value of label '${name}'`, i);
      if (list.names[k] !== name) {
        list.names[k] = name;
        list.openers[k] = `${name}="`;
      }
      list.columns[k] = nameStart - this.lineStart + 1;
      i = this.scanLabelValue(i + 1, list, k);
      list.count = k + 1;

      let c = i < end ? s.charCodeAt(i) : -1;
      if (c !== COMMA && c !== CLOSE_BRACE) {
        i = this.skipLabelBlanks(i);
        c = i < end ? s.charCodeAt(i) : -1;
      }
      if (c === CLOSE_BRACE) return i + 1;
      if (c !== COMMA) this.fail(`expected ',' or '}' after the value of label '${name}', found ${describe(c)}`, i);
      i++;
      if (this.lenient && (i >= end || !isLabelStart(s.charCodeAt(i)))) {
        i = this.skipLabelBlanks(i);
        if (i < end && s.charCodeAt(i) === CLOSE_BRACE) {
          this.canonical = false; // text 0.0.4 tolerates a trailing comma
          return i + 1;
        }
      }
    }
  }

  /**
   * The common case, tried first: the previous line's label names in the same order, each written `name="value"`
   * with no blanks and no escapes, so nothing is left to check but where each value ends. Returns the index after
   * `}`, or -1 at the first difference (nothing is reported: scanLabels then reads the line in full). The names
   * were found distinct on the line they were read from.
   */
  private scanSameLabels(from: number, list: LabelList, count: number): number {
    const s = this.s;
    const end = this.end;
    let i = from;
    for (let k = 0; k < count; k++) {
      const opener = list.openers[k] as string;
      if (!s.startsWith(opener, i)) return -1;
      const valueStart = i + opener.length;
      const quote = s.indexOf('"', valueStart);
      if (quote === -1 || quote >= end) return -1;
      const backslash = this.backslashes.from(s, valueStart);
      if (backslash !== -1 && backslash < quote) return -1;
      list.columns[k] = i - this.lineStart + 1;
      list.locate(k, valueStart, quote);
      i = quote + 1;
      if (s.charCodeAt(i) !== (k === count - 1 ? CLOSE_BRACE : COMMA)) return -1;
      i++;
    }
    list.count = count;
    return i;
  }

  /** Scans a label value after its opening quote; returns the index after the closing quote. */
  private scanLabelValue(from: number, list: LabelList, k: number): number {
    const s = this.s;
    // indexOf runs natively and far faster than a charCodeAt loop; the value is plain text when no
    // backslash lies before its closing quote.
    const quote = s.indexOf('"', from);
    if (quote === -1 || quote >= this.end) return this.fail("unterminated label value: expected a closing '\"' before the end of the line", from - 1);
    const backslash = this.backslashes.from(s, from);
    if (backslash !== -1 && backslash < quote) return this.scanEscapedLabelValue(from, backslash, list, k);
    list.locate(k, from, quote);
    return quote + 1;
  }

  private scanEscapedLabelValue(from: number, backslash: number, list: LabelList, k: number): number {
    const s = this.s;
    const end = this.end;
    let value = '';
    let runStart = from;
    for (let i = backslash; i < end; i++) {
      const c = s.charCodeAt(i);
      if (c === QUOTE) {
        list.set(k, value + s.slice(runStart, i));
        return i + 1;
      }
      if (c !== BACKSLASH) continue;
      if (i + 1 >= end) break;
      const escaped = s.charCodeAt(i + 1);
      value += s.slice(runStart, i);
      if (escaped === BACKSLASH || escaped === QUOTE) {
        value += s.charAt(i + 1);
      } else if (escaped === LOWER_N) {
        value += '\n';
      } else if (this.lenient) {
        this.fail(`invalid escape sequence '\\${s.charAt(i + 1)}' in a label value: only \\\\, \\" and \\n are allowed`, i);
      } else {
        // OpenMetrics parsers keep unknown escapes verbatim (the conformance suite expects `\z` to parse).
        value += s.slice(i, i + 2);
        this.canonical = false;
      }
      i++;
      runStart = i + 1;
    }
    return this.fail("unterminated label value: expected a closing '\"' before the end of the line", from - 1);
  }

  /** The series key: the source text when it is already canonical, else rebuilt from the parts. */
  private seriesKey(from: number, keyEnd: number): string {
    const sample = this.sample;
    const labels = sample.labels;
    if (this.canonical) return labels.count === 0 ? sample.name : this.s.slice(from, keyEnd);
    if (labels.count === 0) return sample.name;
    let key = `${sample.name}{`;
    for (let k = 0; k < labels.count; k++) {
      key += `${k === 0 ? '' : ','}${labels.names[k] ?? ''}="${escapeLabelValue(labels.value(k))}"`;
    }
    return `${key}}`;
  }

  /** Text 0.0.4 after the labels: value [blanks timestamp], nothing else, not even trailing blanks. */
  private scanTextTail(from: number): void {
    const s = this.s;
    const end = this.end;
    const sample = this.sample;
    let i = from;
    while (i < end && !isBlank(s.charCodeAt(i))) i++;
    if (i === from) this.fail('expected a sample value', from);
    sample.value = this.numberOrFail(parseValue(s, from, i), 'a sample value (a float, +Inf, -Inf or NaN)', from, i);
    sample.valueColumn = from - this.lineStart + 1;
    sample.timestampMs = null;
    if (i === end) return;

    const tsStart = this.skipBlanks(i);
    if (tsStart === end) this.fail('unexpected blanks at the end of the line', i);
    let j = tsStart;
    while (j < end && !isBlank(s.charCodeAt(j))) j++;
    sample.timestampMs = this.numberOrFail(parseInteger(s, tsStart, j), 'an integer timestamp in milliseconds', tsStart, j);
    if (j !== end) this.fail('unexpected text after the timestamp', j);
  }

  /** OpenMetrics after `name[labels] `: value [SP timestamp] [SP # SP exemplar], single spaces only. */
  private scanOpenMetricsTail(from: number): void {
    const s = this.s;
    const end = this.end;
    const sample = this.sample;
    let i = from;
    while (i < end && s.charCodeAt(i) !== SPACE) i++;
    if (i === from) this.fail('expected a sample value after a single space', from);
    sample.value = this.numberOrFail(parseValue(s, from, i), 'a sample value (a float, +Inf, -Inf or NaN)', from, i);
    sample.valueColumn = from - this.lineStart + 1;
    sample.timestampMs = null;
    if (i === end) return;

    let tsStart = i + 1;
    if (tsStart < end && s.charCodeAt(tsStart) === HASH) {
      this.scanExemplar(tsStart);
      return;
    }
    let j = tsStart;
    while (j < end && s.charCodeAt(j) !== SPACE) j++;
    if (j === tsStart) this.fail('expected a timestamp or an exemplar after the space', tsStart);
    sample.timestampMs = this.numberOrFail(parseReal(s, tsStart, j, 3), 'a timestamp in seconds', tsStart, j);
    if (j === end) return;
    tsStart = j + 1;
    if (tsStart >= end || s.charCodeAt(tsStart) !== HASH) this.fail("expected '# {' to start an exemplar after the timestamp", tsStart);
    this.scanExemplar(tsStart);
  }

  /** ` # {labels} value [timestamp]` starting at the `#`. */
  private scanExemplar(hash: number): void {
    const s = this.s;
    const end = this.end;
    if (hash + 1 >= end || s.charCodeAt(hash + 1) !== SPACE) this.fail("expected a space after the exemplar's '#'", hash + 1);
    const open = hash + 2;
    if (open >= end || s.charCodeAt(open) !== OPEN_BRACE) this.fail("expected '{' to open the exemplar labels", open);
    const list = this.exemplarLabels;
    const canonical = this.canonical;
    let i = this.scanLabels(open, list);
    this.canonical = canonical; // exemplar labels are not part of the series key
    let runes = 0;
    for (let k = 0; k < list.count; k++) runes += codePoints(list.names[k] ?? '') + codePoints(list.value(k));
    if (runes > EXEMPLAR_RUNE_LIMIT) this.fail(`exemplar labels have ${runes} code points, more than the ${EXEMPLAR_RUNE_LIMIT} allowed`, open);
    if (i >= end || s.charCodeAt(i) !== SPACE) this.fail('expected a space and a value after the exemplar labels', i);
    const valueStart = i + 1;
    i = valueStart;
    while (i < end && s.charCodeAt(i) !== SPACE) i++;
    if (i === valueStart) this.fail('expected an exemplar value', valueStart);
    const value = this.numberOrFail(parseValue(s, valueStart, i), 'an exemplar value', valueStart, i);
    let timestampMs: number | null = null;
    if (i < end) {
      const tsStart = i + 1;
      let j = tsStart;
      while (j < end && s.charCodeAt(j) !== SPACE) j++;
      if (j === tsStart) this.fail('expected an exemplar timestamp after the space', tsStart);
      if (j !== end) this.fail('unexpected text after the exemplar timestamp', j);
      timestampMs = this.numberOrFail(parseReal(s, tsStart, j, 3), 'an exemplar timestamp in seconds', tsStart, j);
    }
    this.sample.exemplar = { labels: list.record(), value, timestampMs };
  }

  private numberOrFail(parsed: number | undefined, expected: string, start: number, end: number): number {
    if (parsed !== undefined) return parsed;
    const token = this.s.slice(start, end);
    if (token.includes('\r')) this.fail('carriage return in the line: CRLF line endings are not allowed, convert the input to LF', start + token.indexOf('\r'));
    return this.fail(`expected ${expected}, found '${token}'`, start);
  }
}

/** Code points, not UTF-16 units: the exemplar limit counts characters. */
function codePoints(text: string): number {
  let n = text.length;
  for (let k = 0; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (c >= 0xd800 && c <= 0xdbff) n--;
  }
  return n;
}
