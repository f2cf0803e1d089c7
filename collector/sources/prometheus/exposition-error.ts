/**
 * A syntax or semantic error in a Prometheus/OpenMetrics exposition, located by a 1-based `line` and
 * `column` (the column counts UTF-16 code units from the start of the line).
 */
export class ExpositionError extends Error {
  override readonly name = 'ExpositionError';
  readonly line: number;
  readonly column: number;
  /** The message without the position prefix. */
  readonly reason: string;

  constructor(reason: string, line: number, column: number) {
    super(`line ${line}, column ${column}: ${reason}`);
    this.line = line;
    this.column = column;
    this.reason = reason;
  }
}
