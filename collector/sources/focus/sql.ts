/**
 * The statement that loads a FOCUS file into cost_line through DuckDB's own readers: every column read with an
 * explicit type (VARCHAR for CSV, the file's own types for Parquet) and converted here to cost_line's types, so
 * nothing is inferred. One INSERT … SELECT, one pass over the file, every derivation in SQL. Rows that fail a
 * check are left out and counted; only when there are any does a second, numbered pass over the file report them
 * by row number with their reasons. Pure: builds SQL text; identifiers and literals are quoted here, values are
 * bound.
 *
 * Where the time goes (test/bench/focus.bench.ts, 1,000,000 rows of 47 columns): mostly into DuckDB's own work,
 * parsing the file and above all storing the rows (compression, statistics); the load costs within about 15% of
 * a bare typed INSERT of the same columns. What it adds is kept small: casts without trim/nullif, text → DECIMAL
 * through DECIMAL(18,12), the common timestamp form without ICU, the checks as one boolean per row (the reasons
 * are only spelled out by the report), and GPU identification whose regular expressions only run on lines that
 * a plain test lets through, joined on the small catalogue of accelerated instance types.
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
export function readerSql(format: FileFormat, path: string, columns: readonly SourceColumn[], numbered = false): string {
  if (format === 'parquet') return `read_parquet(${literal(path)}${numbered ? ', file_row_number = true' : ''})`;
  const types = columns.map((c) => `${literal(c.name)}: 'VARCHAR'`).join(', ');
  return `read_csv(${literal(path)}, header = true, columns = {${types}}, nullstr = ['NULL', 'null', ''], quote = '"', escape = '"')`;
}

const isVarchar = (type: string): boolean => type === 'VARCHAR';

/**
 * Source value → cost_line type; NULL where it does not convert (the checks below report it). Text is cast as it
 * comes: DuckDB's casts to TIMESTAMPTZ and DECIMAL skip surrounding blanks and give NULL for a blank field, so a
 * trim() first would only copy every string.
 */
function convert(kind: ColumnKind, type: string, e: string): string {
  switch (kind) {
    case 'timestamp':
      if (type === 'TIMESTAMP WITH TIME ZONE') return e;
      if (type.startsWith('TIMESTAMP') || type === 'DATE') return `timezone('UTC', ${e}::TIMESTAMP)`;
      if (!isVarchar(type)) return `try_cast(${e}::VARCHAR AS TIMESTAMPTZ)`;
      // The usual FOCUS form, 'YYYY-MM-DD HH:MM:SS' (or with a T), 19 characters with nothing after the seconds,
      // leaves no room for an offset: it is read as a plain TIMESTAMP and taken as UTC, about twice as fast as
      // DuckDB's TIMESTAMPTZ cast (through ICU). Anything else (offsets, Z, fractions, a date alone, or text the
      // plain cast refuses) takes the TIMESTAMPTZ cast; the session's time zone is UTC while the import runs, so
      // both give the same instant.
      return `coalesce(CASE WHEN ${e} LIKE '____-__-_____:__:__' THEN make_timestamptz(epoch_us(try_cast(${e} AS TIMESTAMP))) END, try_cast(${e} AS TIMESTAMPTZ))`;
    case 'decimal':
      if (!isVarchar(type)) return `try_cast(${e} AS DECIMAL(38,12))`;
      // Text → DECIMAL(38,12) is slow in DuckDB (about 3 µs a value, 0.05 µs for DECIMAL(18,12)); most amounts fit
      // DECIMAL(18,12) (below a million), which is exact. coalesce() only evaluates the wide cast on the rows the
      // narrow one left NULL.
      return `coalesce(try_cast(${e} AS DECIMAL(18,12))::DECIMAL(38,12), try_cast(${e} AS DECIMAL(38,12)))`;
    case 'json':
      if (type === 'JSON') return e;
      return isVarchar(type) ? `try_cast(${e} AS JSON)` : `to_json(${e})`;
    case 'varchar':
      return isVarchar(type) ? `nullif(${e}, '')` : `${e}::VARCHAR`;
  }
}

const WHAT: Record<ColumnKind, string> = { timestamp: 'not a timestamp', decimal: 'not a decimal number', json: 'not JSON', varchar: '' };

/**
 * Text that every instance type contains (its size), so a charge description without it cannot name one: lets
 * the costly description patterns skip most lines. Must stay a necessary condition of DESCRIPTION_PATTERN.
 */
const SIZE_HINT = '\\.[0-9]*(?:xlarge|large|medium|small|micro|nano|metal)';

function valuesCte(name: string, columns: string[], rows: (string | number)[][]): string {
  const body = rows.map((r) => `(${r.map((v) => (typeof v === 'number' ? String(v) : literal(v))).join(', ')})`).join(',\n    ');
  return `${name} AS (SELECT * FROM (VALUES\n    ${body}) AS v(${columns.join(', ')}))`;
}

/** One check of a row: the condition under which it fails (true, or NULL/false when it passes) and its reason. */
interface Check {
  fails: string;
  reason: string;
}

interface Statement {
  /** The CTEs up to `checked` (typed values, `invalid` reasons or the `rejected` count, `found_type`), and their bound parameters. */
  ctes: string;
  params: string[];
  targets: string[];
  select: string[];
}

/**
 * The shared part of the load and of the rejects report. Row numbers are costly for CSV (they serialize the
 * scan), and so are the reasons (a string per check and row), so only the report, which runs when a file has
 * rejected rows, numbers its rows and spells out why; the load computes one boolean per row from the same checks.
 */
function statement(spec: InsertSpec, report: boolean, rejectedSequence = ''): Statement {
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
  /** The source had a value there (not NULL, not blank). */
  const present = (m: ColumnPlan['mapped'][number]): string =>
    isVarchar(typeOf.get(m.source) ?? 'VARCHAR') ? `(${rawName(m.target)} IS NOT NULL AND trim(${rawName(m.target)}) <> '')` : `${rawName(m.target)} IS NOT NULL`;
  const extra = spec.plan.extra.length === 0 ? 'NULL' : `json_object(${spec.plan.extra.map((c) => `${literal(c)}, ${ident(c)}`).join(', ')})`;
  const rowNumber = !report ? 'NULL' : spec.format === 'parquet' ? 'file_row_number + 1' : 'row_number() OVER ()';

  const value = (target: string): string => {
    if (byTarget.has(target)) return ident(target);
    return fills.get(target) ?? 'NULL';
  };
  const required = new Set<string>(REQUIRED);
  const castChecks: Check[] = fallible.map((m) => ({
    fails: `CASE WHEN ${ident(m.target)} IS NULL THEN ${present(m)} ELSE false END`,
    reason: `${literal(`${m.target}: ${WHAT[m.kind]}: `)} || left(${rawName(m.target)}::VARCHAR, 60)`,
  }));
  const requiredChecks: Check[] = REQUIRED.map((c) => {
    const m = byTarget.get(c);
    const emptyRaw = m && m.kind !== 'varchar' ? ` AND NOT ${present(m)}` : '';
    return { fails: `${value(c)} IS NULL${emptyRaw}`, reason: literal(`${c}: empty`) };
  });
  const categories = CHARGE_CATEGORIES.map(literal).join(', ');
  const ruleChecks: Check[] = [
    {
      fails: `${value('ChargeCategory')} NOT IN (${categories})`,
      reason: `${literal('ChargeCategory: ')} || ${value('ChargeCategory')} || ${literal(` is not ${CHARGE_CATEGORIES.join(', ')}`)}`,
    },
    { fails: `${value('ChargePeriodEnd')} < ${value('ChargePeriodStart')}`, reason: "'ChargePeriodEnd is before ChargePeriodStart'" },
  ];
  // The load's flag: the same checks, folded. A required column that converts from text fails exactly when its
  // typed value is NULL (blank or not convertible), which is one null test instead of two checks.
  const flagChecks = [
    ...castChecks.filter((_, i) => !required.has((fallible[i] as ColumnPlan['mapped'][number]).target)).map((c) => c.fails),
    ...REQUIRED.map((c) => `${value(c)} IS NULL`),
    ...ruleChecks.map((c) => c.fails),
  ];
  // The load counts its rejected rows with a temporary sequence (nextval only runs on them) and leaves them out.
  const invalid = report
    ? `concat_ws('; ', ${[...castChecks, ...requiredChecks, ...ruleChecks].map((c) => `CASE WHEN ${c.fails} THEN ${c.reason} END`).join(', ')}) AS invalid`
    : `CASE WHEN ${flagChecks.join('\n      OR ')}\n    THEN nextval(${literal(rejectedSequence)}) END AS rejected`;

  // The instance type, from the first hint that gives one (coalesce evaluates a hint only on the rows the ones
  // before it left NULL); each regular expression only runs where a plain test says it can match.
  const sku = typed('SkuPriceDetails');
  const usage = typed('x_usage_type');
  const description = typed('ChargeDescription');
  const instanceType = [
    `CASE WHEN regexp_full_match(${sku} ->> 'InstanceType', ${literal(INSTANCE_TYPE)}) THEN ${sku} ->> 'InstanceType' END`,
    `CASE WHEN contains(${usage}, ':') THEN nullif(regexp_extract(${usage}, ${literal(USAGE_TYPE_PATTERN)}, 1), '') END`,
    `CASE WHEN regexp_matches(${description}, ${literal(SIZE_HINT)}) AND NOT regexp_matches(${description}, ${literal(NOT_INSTANCE_HOURS_PATTERN)}) ` +
      `THEN nullif(regexp_extract(${description}, ${literal(DESCRIPTION_PATTERN)}, 1), '') END`,
  ];
  const skuGpus = `CASE WHEN try_cast(${sku} ->> 'GpuCount' AS INTEGER) > 0 THEN try_cast(${sku} ->> 'GpuCount' AS INTEGER) END`;

  const targets = [...spec.plan.mapped.map((m) => m.target), ...[...fills.keys()].filter((t) => !byTarget.has(t))];
  const select = [
    ...targets.map(value),
    'found_type', 'CASE WHEN found_type IS NOT NULL THEN coalesce(g.gpu_model, f.gpu_model) END',
    `CASE WHEN found_type IS NOT NULL AND coalesce(g.gpu_model, f.gpu_model) IS NOT NULL THEN coalesce(${skuGpus}, g.gpus) END`,
    'x_extra',
  ];
  const ctes = `WITH
${valuesCte('gpu_types', ['instance_type', 'gpu_model', 'gpus'], catalogueEntries().map((e) => [e.instance_type, e.gpu_model, e.gpus]))},
${valuesCte('gpu_families', ['family', 'gpu_model'], catalogueFamilies().map((e) => [e.family, e.gpu_model]))},
src AS (SELECT *, ${rowNumber} AS source_row FROM ${readerSql(spec.format, spec.path, spec.columns, report)}),
typed AS (
  SELECT source_row, ${[...typedColumns, `${extra} AS x_extra`].join(',\n    ')}
  FROM src),
checked AS (
  SELECT *, ${invalid},
         coalesce(${instanceType.join(',\n           ')}) AS found_type
  FROM typed)`;
  return { ctes, params, targets, select };
}

/**
 * The INSERT … SELECT for one file and its bound parameters (fill-ins, then the run id). Rows failing a check are
 * left out and counted in rejectedSequence, a temporary sequence the caller creates: `nextval(seq) - 1`
 * afterwards is their number, and only when it is not 0 does focusRejectsSql number them and give the reasons.
 * (Inserting them and deleting them before the commit would be simpler, but a delete among the rows a
 * transaction inserted makes DuckDB copy every one of them again at commit, doubling the import.)
 */
export function focusInsertSql(spec: InsertSpec, runId: string, rejectedSequence: string): { sql: string; params: string[] } {
  const { ctes, params, targets, select } = statement(spec, false, rejectedSequence);
  const run = `$${params.length + 1}::VARCHAR`;
  const insertColumns = [...targets, 'x_instance_type', 'x_gpu_model', 'x_gpus_per_instance', 'x_extra', 'x_source', 'x_ingest_run', 'x_estimated'];
  const sql = `INSERT INTO cost_line (${insertColumns.map(ident).join(', ')})
${ctes}
SELECT ${[...select, "'focus'", run, 'false'].join(',\n  ')}
FROM checked
LEFT JOIN gpu_types g ON g.instance_type = regexp_replace(found_type, '^ml\\.', '')
LEFT JOIN gpu_families f ON f.family = split_part(regexp_replace(found_type, '^ml\\.', ''), '.', 1)
WHERE rejected IS NULL`;
  return { sql, params: [...params, runId] };
}

/** The rejected rows of a file, 'row N: column: reason', N counting data rows from 1 (a second, numbered pass). */
export function focusRejectsSql(spec: InsertSpec): { sql: string; params: string[] } {
  const { ctes, params } = statement(spec, true);
  return { sql: `${ctes}\nSELECT 'row ' || source_row || ': ' || invalid AS reason FROM checked WHERE invalid <> '' ORDER BY source_row`, params };
}
