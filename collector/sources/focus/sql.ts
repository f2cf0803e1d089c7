/**
 * The statement that loads a FOCUS file into cost_line through DuckDB's own readers: every column read with an
 * explicit type (VARCHAR for CSV, the file's own types for Parquet) and converted here to cost_line's types, so
 * nothing is inferred. A row that fails a check is still inserted, with a placeholder in its NOT NULL columns and
 * its reasons in x_invalid, so the import can remove it in the same transaction; when there are any, a second,
 * numbered pass over the file reports them by row number. Pure: builds SQL text; identifiers and literals are
 * quoted here, values are bound.
 */
import { catalogueEntries, catalogueFamilies } from '../../cost/gpu-catalogue.ts';
import { DESCRIPTION_PATTERN, INSTANCE_TYPE, NOT_INSTANCE_HOURS_PATTERN, USAGE_TYPE_PATTERN } from '../../cost/instance-type.ts';
import { CHARGE_CATEGORIES, REQUIRED, type ColumnKind, type ColumnPlan, type FillableColumn } from './columns.ts';

export type FileFormat = 'csv' | 'parquet';

export interface SourceColumn {
  name: string;
  /** DuckDB type name as DESCRIBE gives it (CSV: VARCHAR). */
  type: string;
}

export interface InsertSpec {
  format: FileFormat;
  path: string;
  columns: readonly SourceColumn[];
  plan: ColumnPlan;
  filled: Partial<Record<FillableColumn, string>>;
}

export const ident = (name: string): string => `"${name.replace(/"/g, '""')}"`;
export const literal = (text: string): string => `'${text.replace(/'/g, "''")}'`;

/** The reader, every column typed explicitly. Literal NULL / null and empty fields are NULL. */
export function readerSql(format: FileFormat, path: string, columns: readonly SourceColumn[]): string {
  if (format === 'parquet') return `read_parquet(${literal(path)}, file_row_number = true)`;
  const types = columns.map((c) => `${literal(c.name)}: 'VARCHAR'`).join(', ');
  return `read_csv(${literal(path)}, header = true, columns = {${types}}, nullstr = ['NULL', 'null', ''], quote = '"', escape = '"')`;
}

const isVarchar = (type: string): boolean => type === 'VARCHAR';

/** Source value → cost_line type; NULL where it does not convert (the check below reports it). */
function convert(kind: ColumnKind, type: string, e: string): string {
  switch (kind) {
    case 'timestamp':
      if (type === 'TIMESTAMP WITH TIME ZONE') return e;
      if (type.startsWith('TIMESTAMP') || type === 'DATE') return `timezone('UTC', ${e}::TIMESTAMP)`;
      return `try_cast(nullif(trim(${e}::VARCHAR), '') AS TIMESTAMPTZ)`;
    case 'decimal': {
      if (!isVarchar(type)) return `try_cast(${e} AS DECIMAL(38,12))`;
      // Text → DECIMAL(38,12) is slow in DuckDB; most amounts fit DECIMAL(18,12) (below a million), which is
      // exact and many times faster. Larger ones take the wide path.
      const text = `nullif(trim(${e}), '')`;
      return `coalesce(try_cast(${text} AS DECIMAL(18,12))::DECIMAL(38,12), try_cast(${text} AS DECIMAL(38,12)))`;
    }
    case 'json':
      if (type === 'JSON') return e;
      return isVarchar(type) ? `CASE WHEN json_valid(${e}) THEN ${e}::JSON END` : `to_json(${e})`;
    case 'varchar':
      return isVarchar(type) ? `nullif(${e}, '')` : `${e}::VARCHAR`;
  }
}

const WHAT: Record<ColumnKind, string> = { timestamp: 'not a timestamp', decimal: 'not a decimal number', json: 'not JSON', varchar: '' };

/** Placeholders that let a failing row through the NOT NULL constraints until it is removed. */
const PLACEHOLDER: Record<string, string> = {
  ChargePeriodStart: "TIMESTAMPTZ '1970-01-01 00:00:00+00'",
  ChargePeriodEnd: "TIMESTAMPTZ '1970-01-01 00:00:00+00'",
  ChargeCategory: "''",
  BilledCost: '0',
  EffectiveCost: '0',
  BillingCurrency: "''",
  ProviderName: "''",
};

function valuesCte(name: string, columns: string[], rows: (string | number)[][]): string {
  const body = rows.map((r) => `(${r.map((v) => (typeof v === 'number' ? String(v) : literal(v))).join(', ')})`).join(',\n    ');
  return `${name} AS (SELECT * FROM (VALUES\n    ${body}) AS v(${columns.join(', ')}))`;
}

interface Statement {
  /** The CTEs up to `checked` (typed values, `invalid` reasons, `found_type`), and their bound parameters. */
  ctes: string;
  params: string[];
  targets: string[];
  select: string[];
}

/**
 * The shared part of the load and of the rejects report. Row numbers are costly for CSV (they serialize the
 * scan), so only the report, which runs when a file has rejected rows, numbers its rows.
 */
function statement(spec: InsertSpec, numbered: boolean): Statement {
  const params: string[] = [];
  const bind = (value: string): string => {
    params.push(value);
    return `$${params.length}::VARCHAR`;
  };
  const fills = new Map<string, string>();
  for (const [column, given] of Object.entries(spec.filled)) if (given !== undefined) fills.set(column, bind(given));
  const typeOf = new Map(spec.columns.map((c) => [c.name, c.type]));
  const byTarget = new Map(spec.plan.mapped.map((m) => [m.target, m]));
  const typed = (target: string): string => (byTarget.has(target) ? ident(target) : 'NULL');

  // Typed values under the cost_line names; the raw value of every column that can fail to convert beside it.
  const fallible = spec.plan.mapped.filter((m) => m.kind !== 'varchar');
  const rawName = (target: string): string => ident(`raw ${target}`);
  const typedColumns = [
    ...spec.plan.mapped.map((m) => `${convert(m.kind, typeOf.get(m.source) ?? 'VARCHAR', ident(m.source))} AS ${ident(m.target)}`),
    ...fallible.map((m) => `${ident(m.source)} AS ${rawName(m.target)}`),
  ];
  const present = (m: ColumnPlan['mapped'][number]): string =>
    isVarchar(typeOf.get(m.source) ?? 'VARCHAR') ? `nullif(trim(${rawName(m.target)}), '') IS NOT NULL` : `${rawName(m.target)} IS NOT NULL`;
  const castChecks = fallible.map(
    (m) => `CASE WHEN ${present(m)} AND ${ident(m.target)} IS NULL THEN ${literal(`${m.target}: ${WHAT[m.kind]}: `)} || left(${rawName(m.target)}::VARCHAR, 60) END`,
  );
  const extra = spec.plan.extra.length === 0 ? 'NULL' : `json_object(${spec.plan.extra.map((c) => `${literal(c)}, ${ident(c)}`).join(', ')})`;
  const rowNumber = !numbered ? 'NULL' : spec.format === 'parquet' ? 'file_row_number + 1' : 'row_number() OVER ()';

  const value = (target: string): string => {
    if (byTarget.has(target)) return ident(target);
    return fills.get(target) ?? 'NULL';
  };
  const requiredChecks = REQUIRED.map((c) => {
    const m = byTarget.get(c);
    const emptyRaw = m && m.kind !== 'varchar' ? ` AND NOT (${present(m)})` : '';
    return `CASE WHEN ${value(c)} IS NULL${emptyRaw} THEN ${literal(`${c}: empty`)} END`;
  });
  const categories = CHARGE_CATEGORIES.map(literal).join(', ');
  const checks = [
    ...castChecks,
    ...requiredChecks,
    `CASE WHEN ${value('ChargeCategory')} NOT IN (${categories}) THEN ${literal('ChargeCategory: ')} || ${value('ChargeCategory')} || ${literal(` is not ${CHARGE_CATEGORIES.join(', ')}`)} END`,
    `CASE WHEN ${value('ChargePeriodEnd')} < ${value('ChargePeriodStart')} THEN 'ChargePeriodEnd is before ChargePeriodStart' END`,
  ];

  const sku = typed('SkuPriceDetails');
  const instanceType = [
    `CASE WHEN regexp_full_match(${sku} ->> 'InstanceType', ${literal(INSTANCE_TYPE)}) THEN ${sku} ->> 'InstanceType' END`,
    `nullif(regexp_extract(${typed('x_usage_type')}, ${literal(USAGE_TYPE_PATTERN)}, 1), '')`,
    `CASE WHEN NOT regexp_matches(${typed('ChargeDescription')}, ${literal(NOT_INSTANCE_HOURS_PATTERN)}) THEN nullif(regexp_extract(${typed('ChargeDescription')}, ${literal(DESCRIPTION_PATTERN)}, 1), '') END`,
  ];
  const skuGpus = `CASE WHEN try_cast(${sku} ->> 'GpuCount' AS INTEGER) > 0 THEN try_cast(${sku} ->> 'GpuCount' AS INTEGER) END`;

  const targets = [...spec.plan.mapped.map((m) => m.target).filter((t) => !(t in PLACEHOLDER)), ...Object.keys(PLACEHOLDER)];
  const select = [
    ...targets.map((t) => (t in PLACEHOLDER ? `coalesce(${value(t)}, ${PLACEHOLDER[t]})` : ident(t))),
    'found_type', 'CASE WHEN found_type IS NOT NULL THEN coalesce(g.gpu_model, f.gpu_model) END',
    `CASE WHEN found_type IS NOT NULL AND coalesce(g.gpu_model, f.gpu_model) IS NOT NULL THEN coalesce(${skuGpus}, g.gpus) END`,
    'x_extra',
  ];
  const ctes = `WITH
${valuesCte('gpu_types', ['instance_type', 'gpu_model', 'gpus'], catalogueEntries().map((e) => [e.instance_type, e.gpu_model, e.gpus]))},
${valuesCte('gpu_families', ['family', 'gpu_model'], catalogueFamilies().map((e) => [e.family, e.gpu_model]))},
src AS (SELECT *, ${rowNumber} AS source_row FROM ${readerSql(spec.format, spec.path, spec.columns)}),
typed AS (
  SELECT source_row, ${[...typedColumns, `${extra} AS x_extra`].join(',\n    ')}
  FROM src),
checked AS (
  SELECT *, concat_ws('; ', ${checks.join(', ')}) AS invalid,
         coalesce(${instanceType.join(', ')}) AS found_type
  FROM typed)`;
  return { ctes, params, targets, select };
}

/**
 * The INSERT … SELECT for one file and its bound parameters (fill-ins, then the run id). A row failing a check
 * goes in with placeholders and its reasons in x_invalid; focusRejectsSql numbers them.
 */
export function focusInsertSql(spec: InsertSpec, runId: string): { sql: string; params: string[] } {
  const { ctes, params, targets, select } = statement(spec, false);
  const run = `$${params.length + 1}::VARCHAR`;
  const insertColumns = [...targets, 'x_instance_type', 'x_gpu_model', 'x_gpus_per_instance', 'x_extra', 'x_source', 'x_ingest_run', 'x_estimated', 'x_invalid'];
  const sql = `INSERT INTO cost_line (${insertColumns.map(ident).join(', ')})
${ctes}
SELECT ${[...select, "'focus'", run, 'false', "nullif(invalid, '')"].join(',\n  ')}
FROM checked
LEFT JOIN gpu_types g ON g.instance_type = regexp_replace(found_type, '^ml\\.', '')
LEFT JOIN gpu_families f ON f.family = split_part(regexp_replace(found_type, '^ml\\.', ''), '.', 1)`;
  return { sql, params: [...params, runId] };
}

/** The rejected rows of a file, 'row N: column: reason', N counting data rows from 1 (a second, numbered pass). */
export function focusRejectsSql(spec: InsertSpec): { sql: string; params: string[] } {
  const { ctes, params } = statement(spec, true);
  return { sql: `${ctes}\nSELECT 'row ' || source_row || ': ' || invalid AS reason FROM checked WHERE invalid <> '' ORDER BY source_row`, params };
}
