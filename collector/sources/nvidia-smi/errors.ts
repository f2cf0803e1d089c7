/** Which nvidia-smi input (or mapping step) an error comes from. */
export type NvidiaSmiInput = 'xml' | 'query-gpu-csv' | 'readings';

/**
 * Input that cannot be read as nvidia-smi output. The message names where (line, column or element path),
 * what was expected and what was found, so a user can tell a wrong flag or zone from a driver change.
 */
export class NvidiaSmiParseError extends Error {
  constructor(
    readonly input: NvidiaSmiInput,
    readonly location: string,
    readonly expected: string,
    readonly found: string | null = null,
    readonly line: number | null = null,
  ) {
    super(
      `nvidia-smi ${input}: ${line === null ? '' : `line ${line}, `}${location}: expected ${expected}` +
        (found === null ? '' : `, found ${JSON.stringify(clip(found))}`),
    );
    this.name = 'NvidiaSmiParseError';
  }
}

// Process names and whole lines can be kilobytes long: keep messages readable.
function clip(text: string): string {
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}
