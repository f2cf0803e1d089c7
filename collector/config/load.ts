import { existsSync, readFileSync } from 'node:fs';
import { DEFAULT_CONFIG } from './defaults.ts';
import type { PulseConfig } from './schema.ts';

/** One problem in a config or spec file: where it is (file, line, path inside the document) and what was expected. */
export interface ConfigProblem {
  file: string;
  line: number | null;
  path: string;
  message: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: ConfigProblem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'ConfigError';
  }
}

export function formatProblem(p: ConfigProblem): string {
  return `${p.file}${p.line ? `:${p.line}` : ''}: ${p.path ? `${p.path}: ` : ''}${p.message}`;
}

/**
 * Loads pulse.yaml. A missing file at the default path means defaults; a missing file named explicitly is an error.
 * The YAML parser and the schema load only when there is a file to read.
 */
export async function loadConfig(file: string, explicit: boolean): Promise<PulseConfig> {
  if (!existsSync(file)) {
    if (explicit) throw new ConfigError([{ file, line: null, path: '', message: 'file not found' }]);
    return DEFAULT_CONFIG;
  }
  const text = readFileSync(file, 'utf8');
  const [{ parseYamlWith }, { configSchema }] = await Promise.all([import('./parse-yaml.ts'), import('./schema.ts')]);
  const { value, problems } = parseYamlWith(file, text, configSchema);
  if (value === null) throw new ConfigError(problems);
  return value;
}
