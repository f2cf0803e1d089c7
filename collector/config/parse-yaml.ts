/**
 * YAML validated by a zod schema, with every problem placed at its file, line and path inside the document. Pure (no
 * IO). pulse.yaml is read with it and spec files share describeIssue. load.ts imports it only when pulse.yaml exists,
 * so that commands run without one do not pay for yaml and zod at start-up.
 */
import { LineCounter, parseDocument, isNode } from 'yaml';
import type { z } from 'zod';
import type { ConfigProblem } from './load.ts';

/** Keys that would hold a secret in plain text; pulse.yaml refers to secrets by environment variable name. */
const SECRET_KEY = /^(token|password|secret|api_key|apikey|access_key|secret_key|webhook_secret|bearer)$/i;

/** Parses YAML text and validates it with a zod schema; every problem carries the file, the line and the path. */
export function parseYamlWith<S extends z.ZodType>(file: string, text: string, schema: S): { value: z.infer<S> | null; problems: ConfigProblem[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const problems: ConfigProblem[] = doc.errors.map((e) => ({
    file,
    line: lineCounter.linePos(e.pos[0]).line,
    path: '',
    message: `invalid YAML: ${e.message.split('\n')[0]}`,
  }));
  if (problems.length > 0) return { value: null, problems };
  const data: unknown = doc.toJS();
  const lineOf = (path: readonly PropertyKey[]): number | null => {
    for (let n = path.length; n >= 0; n--) {
      const node: unknown = doc.getIn(path.slice(0, n) as unknown[], true);
      if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
    }
    return null;
  };
  const secretProblems = findSecretKeys(data, []).map((path) => ({
    file,
    line: lineOf(path),
    path: path.join('.'),
    message: 'secrets are not kept in config files: name an environment variable instead (e.g. token_env: MY_TOKEN)',
  }));
  const parsed = schema.safeParse(data, { reportInput: true });
  if (parsed.success && secretProblems.length === 0) return { value: parsed.data as z.infer<S>, problems: [] };
  const schemaProblems = parsed.success
    ? []
    : parsed.error.issues
        .filter((issue) => !secretProblems.some((s) => issue.path.join('.').startsWith(s.path) || (issue.code === 'unrecognized_keys' && issue.keys.some((k) => SECRET_KEY.test(k)))))
        .map((issue) => ({
          file,
          // An unknown key is best shown at the key itself, not at the start of its parent.
          line: lineOf(issue.code === 'unrecognized_keys' && issue.keys.length === 1 ? [...issue.path, issue.keys[0] as string] : issue.path),
          path: issue.path.join('.'),
          message: describeIssue(issue),
        }));
  return { value: null, problems: [...secretProblems, ...schemaProblems] };
}

function findSecretKeys(value: unknown, path: PropertyKey[]): PropertyKey[][] {
  if (Array.isArray(value)) return value.flatMap((v, i) => findSecretKeys(v, [...path, i]));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => (SECRET_KEY.test(k) ? [[...path, k]] : findSecretKeys(v, [...path, k])));
  }
  return [];
}

export function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'unrecognized_keys':
      return `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')}`;
    case 'invalid_type':
      return `expected ${issue.expected}${issue.input === undefined ? ' (missing)' : `, got ${JSON.stringify(issue.input)}`}`;
    case 'invalid_value':
      return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'too_big':
      return `expected at most ${String(issue.maximum)}, got ${JSON.stringify(issue.input)}`;
    case 'too_small':
      return `expected at least ${String(issue.minimum)}, got ${JSON.stringify(issue.input)}`;
    case 'invalid_union':
      // A discriminated union names its accepted tags (e.g. a panel's kind).
      if ('options' in issue && issue.options) return `expected one of ${issue.options.map((v) => JSON.stringify(v)).join(', ')}`;
      return `expected ${issue.message.replace(/^Invalid input: expected /i, '')}`;
    default:
      return `expected ${issue.message.replace(/^Invalid input: expected /i, '')}`;
  }
}
