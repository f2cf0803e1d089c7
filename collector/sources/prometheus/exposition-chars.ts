/** Character classes of the exposition formats, by UTF-16 code unit. */

export const TAB = 9;
export const CR = 13;
export const SPACE = 32;
export const QUOTE = 34;
export const HASH = 35;
export const COMMA = 44;
export const EQUALS = 61;
export const BACKSLASH = 92;
export const LOWER_N = 110;
export const OPEN_BRACE = 123;
export const CLOSE_BRACE = 125;

const LABEL_START = 1; // [a-zA-Z_]
const DIGIT = 2; // [0-9]
const COLON = 4; // ':' (metric names only)

// One table load beats a chain of range comparisons in the hot loops.
const CLASSES = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const isLetter = (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
  CLASSES[c] = (isLetter || c === 95 ? LABEL_START : 0) | (c >= 48 && c <= 57 ? DIGIT : 0) | (c === 58 ? COLON : 0);
}

function hasClass(c: number, mask: number): boolean {
  return c < 128 && ((CLASSES[c] ?? 0) & mask) !== 0;
}

export function isBlank(c: number): boolean {
  return c === SPACE || c === TAB;
}

export function isLabelStart(c: number): boolean {
  return hasClass(c, LABEL_START);
}

export function isLabelChar(c: number): boolean {
  return hasClass(c, LABEL_START | DIGIT);
}

export function isNameStart(c: number): boolean {
  return hasClass(c, LABEL_START | COLON);
}

export function isNameChar(c: number): boolean {
  return hasClass(c, LABEL_START | DIGIT | COLON);
}

/** Names a character for an error message; -1 stands for the end of the line. */
export function describe(c: number): string {
  if (c === -1) return 'the end of the line';
  if (c === TAB) return 'a tab';
  if (c === SPACE) return 'a space';
  if (c === CR) return 'a carriage return (CRLF line endings are not allowed)';
  const shown = `'${String.fromCharCode(c)}'`;
  // Invisible or look-alike characters (NUL, a byte-order mark, non-breaking space) get their code.
  return c > 32 && c < 127 ? shown : `${shown} (U+${c.toString(16).toUpperCase().padStart(4, '0')})`;
}

/**
 * Finds backslashes in one text without rescanning it: each search resumes after the last hit, so all
 * lookups over a text cost one pass in total and values without escapes need no loop of their own.
 */
export class BackslashIndex {
  /** Next backslash at or after the last query; -1: none left; -2: not searched in this text yet. */
  private next = -2;

  /** Call when the scanners move on to another string. */
  reset(): void {
    this.next = -2;
  }

  /** First backslash in `text` at or after `from`, or -1. Queries on one text must not go backwards. */
  from(text: string, from: number): number {
    if (this.next === -2 || (this.next !== -1 && this.next < from)) this.next = text.indexOf('\\', from);
    return this.next;
  }
}
