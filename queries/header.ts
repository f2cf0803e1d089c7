/**
 * The typed header of a query file. Every `queries/*.sql` starts with comment lines:
 *
 *   -- @query gpu-util                         (id; the file name without .sql, kebab-case)
 *   -- @version 1
 *   -- @description One line saying what the rows are.
 *   -- @param from timestamptz  Window start, inclusive.
 *   -- @param group_by varchar in(none,cluster,node)  Grouping key.
 *   -- @column gpus integer  Distinct GPUs observed.
 *
 * The SQL references parameters as `$name`. Pure: no IO here, so `pulse check` and tests share it.
 */

export const PARAM_TYPES = ['timestamptz', 'varchar', 'double', 'integer', 'boolean'] as const;
export const COLUMN_TYPES = ['timestamptz', 'varchar', 'double', 'integer', 'bigint', 'boolean', 'decimal', 'json'] as const;
export type ParamType = (typeof PARAM_TYPES)[number];
export type ColumnType = (typeof COLUMN_TYPES)[number];

export interface ParamSpec {
  name: string;
  type: ParamType;
  allowed: string[] | null;
  doc: string;
}

export interface ColumnSpec {
  name: string;
  type: ColumnType;
  doc: string;
}

export interface QuerySpec {
  id: string;
  version: number;
  description: string;
  file: string;
  params: ParamSpec[];
  columns: ColumnSpec[];
  sql: string;
}

/** A problem in a spec file, located by file and line (1-based). */
export class SpecError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly reason: string,
  ) {
    super(`${file}:${line}: ${reason}`);
    this.name = 'SpecError';
  }
}

const IDENT = /^[a-z_][a-z0-9_]*$/;

export function parseQueryFile(file: string, text: string): { spec: QuerySpec | null; errors: SpecError[] } {
  const errors: SpecError[] = [];
  const lines = text.split('\n');
  const expectedId = (file.split('/').pop() ?? file).replace(/\.sql$/, '');
  let id: string | null = null;
  let version: number | null = null;
  let description = '';
  const params: ParamSpec[] = [];
  const columns: ColumnSpec[] = [];
  let bodyStart = lines.length;

  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? '').trimEnd();
    const lineNo = i + 1;
    if (!line.startsWith('--')) {
      bodyStart = i;
      break;
    }
    const tag = /^--\s*@(\w+)\s*(.*)$/.exec(line);
    if (!tag) continue;
    const [, key = '', rest = ''] = tag;
    switch (key) {
      case 'query':
        id = rest.trim();
        if (id !== expectedId) errors.push(new SpecError(file, lineNo, `@query is "${id}", expected the file name "${expectedId}"`));
        break;
      case 'version':
        version = Number(rest.trim());
        if (!Number.isInteger(version) || version < 1) errors.push(new SpecError(file, lineNo, '@version must be a positive integer'));
        break;
      case 'description':
        description = rest.trim();
        break;
      case 'param': {
        const m = /^(\S+)\s+(\S+)(?:\s+in\(([^)]*)\))?\s*(.*)$/.exec(rest);
        if (!m) {
          errors.push(new SpecError(file, lineNo, '@param expects "NAME TYPE [in(a,b)] doc"'));
          break;
        }
        const [, name = '', type = '', allowed, doc = ''] = m;
        if (!IDENT.test(name)) errors.push(new SpecError(file, lineNo, `parameter name "${name}" must be snake_case`));
        if (!(PARAM_TYPES as readonly string[]).includes(type)) {
          errors.push(new SpecError(file, lineNo, `parameter ${name}: type "${type}" is not one of ${PARAM_TYPES.join(', ')}`));
          break;
        }
        params.push({ name, type: type as ParamType, allowed: allowed ? allowed.split(',').map((s) => s.trim()) : null, doc });
        break;
      }
      case 'column': {
        const m = /^(\S+)\s+(\S+)\s*(.*)$/.exec(rest);
        if (!m) {
          errors.push(new SpecError(file, lineNo, '@column expects "NAME TYPE doc"'));
          break;
        }
        const [, name = '', type = '', doc = ''] = m;
        if (!IDENT.test(name)) errors.push(new SpecError(file, lineNo, `column name "${name}" must be snake_case`));
        if (!(COLUMN_TYPES as readonly string[]).includes(type)) {
          errors.push(new SpecError(file, lineNo, `column ${name}: type "${type}" is not one of ${COLUMN_TYPES.join(', ')}`));
          break;
        }
        columns.push({ name, type: type as ColumnType, doc });
        break;
      }
      default:
        errors.push(new SpecError(file, lineNo, `unknown header tag @${key} (expected @query, @version, @description, @param, @column)`));
    }
  }

  const sql = lines.slice(bodyStart).join('\n').trim();
  if (id === null) errors.push(new SpecError(file, 1, 'missing "-- @query ID" header line'));
  if (version === null) errors.push(new SpecError(file, 1, 'missing "-- @version N" header line'));
  if (columns.length === 0) errors.push(new SpecError(file, 1, 'the header declares no @column'));
  if (sql === '') errors.push(new SpecError(file, bodyStart + 1, 'no SQL after the header'));

  // Every $name in the SQL must be declared, and every declared parameter used.
  const used = new Set([...sql.matchAll(/\$([a-z_][a-z0-9_]*)/g)].map((m) => m[1] ?? ''));
  for (const name of used) {
    if (!params.some((p) => p.name === name)) {
      const lineNo = bodyStart + 1 + sql.split('\n').findIndex((l) => l.includes(`$${name}`));
      errors.push(new SpecError(file, lineNo, `$${name} is used but not declared with @param`));
    }
  }
  for (const p of params) {
    if (!used.has(p.name)) errors.push(new SpecError(file, 1, `parameter ${p.name} is declared but not used`));
  }

  if (errors.length > 0 || id === null || version === null) return { spec: null, errors };
  return { spec: { id, version, description, file, params, columns, sql }, errors };
}
