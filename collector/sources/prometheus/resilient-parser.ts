/**
 * The exposition parser for user files: a bad line is reported with its line and column and parsing goes on at
 * the next line, so one broken sample does not cost the rest of a 64 MB file. Each recovery starts a fresh
 * ExpositionParser on the remaining lines (metadata seen before the bad line is not carried over; sample values,
 * names and labels do not depend on it). Errors thrown by the sample handler are not parse errors: they stop
 * the parse.
 */
import type { ExpositionOptions, SampleHandler } from './exposition.ts';
import { ExpositionError, ExpositionParser } from './exposition.ts';

export interface LineError {
  readonly line: number;
  readonly column: number;
  readonly reason: string;
}

/** More bad lines than this and the input is not an exposition at all: parsing stops. */
export const MAX_LINE_ERRORS = 10_000;

export class TooManyErrors extends Error {
  override readonly name = 'TooManyErrors';
}

export class ResilientExpositionParser {
  private parser: ExpositionParser;
  /** Lines consumed by the parsers replaced after an error. */
  private base = 0;
  /** Lines the current parser has consumed. */
  private consumed = 0;
  private pending = '';
  private errorCount = 0;

  constructor(
    private readonly onSample: SampleHandler,
    private readonly options: ExpositionOptions,
    private readonly onError: (error: LineError) => void,
  ) {
    this.parser = new ExpositionParser(onSample, options);
  }

  get format(): ExpositionParser['format'] {
    return this.parser.format;
  }

  get errors(): number {
    return this.errorCount;
  }

  /** Feeds a chunk split anywhere; whole lines are parsed now. */
  write(chunk: string): void {
    const lastNewline = chunk.lastIndexOf('\n');
    if (lastNewline === -1) {
      this.pending += chunk;
      return;
    }
    const block = this.pending + chunk.slice(0, lastNewline + 1);
    this.pending = chunk.slice(lastNewline + 1);
    this.feed(block);
  }

  /** Parses the last line and checks the end of the input; returns the number of lines read. */
  end(): number {
    const rest = this.pending;
    this.pending = '';
    if (rest.length > 0) this.feed(rest);
    try {
      this.parser.end();
    } catch (error) {
      this.report(error);
    }
    return this.base + this.consumed + (rest.length > 0 && !rest.endsWith('\n') ? 1 : 0);
  }

  /** Whole lines (a final line feed, except for the input's last line). */
  private feed(block: string): void {
    let text = block;
    for (;;) {
      try {
        this.parser.write(text);
        this.consumed = this.parser.linesRead;
        return;
      } catch (error) {
        const lineInBlock = this.report(error) - this.consumed;
        const next = offsetAfterLine(text, lineInBlock);
        this.base += this.consumed + lineInBlock;
        this.consumed = 0;
        this.parser = new ExpositionParser(this.onSample, { ...this.options, format: this.parser.format });
        if (next >= text.length) return;
        text = text.slice(next);
      }
    }
  }

  /** Reports a parse error (rethrowing anything else); returns its line relative to the current parser. */
  private report(error: unknown): number {
    if (!(error instanceof ExpositionError)) throw error;
    this.errorCount++;
    this.onError({ line: this.base + error.line, column: error.column, reason: error.reason });
    if (this.errorCount >= MAX_LINE_ERRORS) throw new TooManyErrors(`more than ${MAX_LINE_ERRORS} bad lines: this is not a Prometheus or OpenMetrics exposition`);
    return error.line;
  }
}

/** Offset just after the line feed ending the n-th (1-based) line of text; text.length when there is none. */
function offsetAfterLine(text: string, n: number): number {
  let at = -1;
  for (let k = 0; k < n; k++) {
    at = text.indexOf('\n', at + 1);
    if (at === -1) return text.length;
  }
  return at + 1;
}
