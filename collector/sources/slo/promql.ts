/**
 * The PromQL subset Pulse evaluates on stored counters (SOURCES.md): `sum|max|min|avg|count [by|without (…)]`
 * over `rate|increase(selector[window])` with `=`, `!=`, `=~`, `!~` matchers, or a ratio of two such. Parsed
 * with @prometheus-io/lezer-promql; anything else is refused with an error naming the construct. Pure.
 *
 * SLI queries are templates: `{{.window}}` becomes 5m, the width of Pulse's buckets, and every range must then
 * be 5m (a fixed `[1h]` would count each event in twelve buckets).
 */
import { parser } from '@prometheus-io/lezer-promql';
import type { SyntaxNode } from '@lezer/common';
import { parsePromDuration } from '../prometheus/prom-duration.ts';

export const BUCKET_MS = 300_000;
export const BUCKET_WINDOW = '5m';

export type MatchOp = '=' | '!=' | '=~' | '!~';
export interface Matcher {
  label: string;
  op: MatchOp;
  value: string;
}

/** A range function over one selector; `__name__` matchers stay in `matchers`. */
export interface RangeCall {
  fn: 'rate' | 'increase';
  metric: string | null;
  matchers: Matcher[];
}

export type AggregateOp = 'sum' | 'max' | 'min' | 'avg' | 'count';

export interface VectorExpr {
  /** The expression's PromQL text with the window rendered (what a Prometheus-compatible API is asked). */
  text: string;
  /** null: the per-series values, summed into the SLO's bucket. */
  op: AggregateOp | null;
  grouping: { mode: 'by' | 'without'; labels: string[] } | null;
  call: RangeCall;
}

export type SliExpr = { kind: 'vector'; expr: VectorExpr } | { kind: 'ratio'; numerator: VectorExpr; denominator: VectorExpr };

export type ParseResult = { ok: true; expr: SliExpr } | { ok: false; error: string };

/** `{{.window}}` (spaces allowed) replaced by a duration. */
export function renderWindow(template: string, window: string): string {
  return template.replace(/\{\{\s*\.window\s*\}\}/g, window);
}

const AGGREGATES: ReadonlySet<string> = new Set(['sum', 'max', 'min', 'avg', 'count']);
const SUBSET = 'sum|max|min|avg|count [by|without (…)] over rate|increase(selector[{{.window}}]), or a ratio of two such';

class Unsupported extends Error {}

/** Parses an SLI query template into the subset. */
export function parseSliQuery(template: string): ParseResult {
  const text = renderWindow(template, BUCKET_WINDOW);
  const tree = parser.parse(text);
  const broken = firstError(tree.topNode);
  if (broken !== null) {
    // An unknown function (MetricsQL's histogram_share, a typo) breaks the parse at its "(".
    const fn = text[broken] === '(' ? /([A-Za-z_][A-Za-z0-9_]*)$/.exec(text.slice(0, broken))?.[1] : undefined;
    const what = fn ? `unknown function ${fn}()` : `syntax error at column ${broken + 1}`;
    return { ok: false, error: `PromQL ${what} in ${JSON.stringify(text.trim())}` };
  }
  try {
    const top = unwrap(only(tree.topNode, text), text);
    if (top.name === 'BinaryExpr') {
      const { lhs, rhs } = division(top, text);
      return { ok: true, expr: { kind: 'ratio', numerator: vector(lhs, text), denominator: vector(rhs, text) } };
    }
    return { ok: true, expr: { kind: 'vector', expr: vector(top, text) } };
  } catch (error) {
    if (error instanceof Unsupported) return { ok: false, error: `unsupported PromQL: ${error.message} (Pulse evaluates ${SUBSET})` };
    throw error;
  }
}

function firstError(node: SyntaxNode): number | null {
  let at: number | null = null;
  node.toTree().iterate({
    enter: (n) => {
      if (at !== null) return false;
      if (n.type.isError) at = n.from;
      return undefined;
    },
  });
  return at;
}

function src(node: SyntaxNode, text: string): string {
  return text.slice(node.from, node.to);
}

function children(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) out.push(c);
  return out;
}

function only(node: SyntaxNode, text: string): SyntaxNode {
  const [first, ...rest] = children(node);
  if (!first || rest.length > 0) throw new Unsupported(`expected one expression in ${JSON.stringify(src(node, text))}`);
  return first;
}

function unwrap(node: SyntaxNode, text: string): SyntaxNode {
  let n = node;
  while (n.name === 'ParenExpr') n = only(n, text);
  return n;
}

/** The sides of a division without modifiers (the only binary expression of the subset). */
function division(node: SyntaxNode, text: string): { lhs: SyntaxNode; rhs: SyntaxNode } {
  const [lhs, op, ...rest] = children(node);
  const rhs = rest[rest.length - 1];
  if (!lhs || !op || !rhs) throw new Unsupported(`binary expression ${JSON.stringify(src(node, text))}`);
  if (op.name !== 'Div') throw new Unsupported(`binary operator "${src(op, text)}"`);
  const modifier = rest.slice(0, -1)[0];
  if (modifier) throw new Unsupported(`the ${JSON.stringify(src(modifier, text))} modifier`);
  return { lhs, rhs };
}

function vector(raw: SyntaxNode, text: string): VectorExpr {
  const node = unwrap(raw, text);
  if (node.name === 'AggregateExpr') {
    const opNode = node.getChild('AggregateOp');
    const op = opNode ? src(opNode, text).toLowerCase() : '';
    if (!AGGREGATES.has(op)) throw new Unsupported(`aggregation "${op}"`);
    const body = node.getChild('FunctionCallBody');
    const args = body ? children(body) : [];
    if (args.length !== 1 || !args[0]) throw new Unsupported(`${op} with ${args.length} arguments`);
    return { text: src(node, text), op: op as AggregateOp, grouping: grouping(node.getChild('AggregateModifier'), text), call: rangeCall(args[0], text) };
  }
  return { text: src(node, text), op: null, grouping: null, call: rangeCall(node, text) };
}

function grouping(modifier: SyntaxNode | null, text: string): VectorExpr['grouping'] {
  if (!modifier) return null;
  const mode = modifier.getChild('Without') ? 'without' : 'by';
  const labels = (modifier.getChild('GroupingLabels') ? children(modifier.getChild('GroupingLabels') as SyntaxNode) : []).map((l) =>
    l.name === 'QuotedLabelName' ? unquote(src(l, text)) : src(l, text),
  );
  return { mode, labels };
}

function rangeCall(raw: SyntaxNode, text: string): RangeCall {
  const node = unwrap(raw, text);
  if (node.name !== 'FunctionCall') throw new Unsupported(describe(node, text));
  const ident = node.getChild('FunctionIdentifier');
  const fn = ident ? src(ident, text) : '';
  if (fn !== 'rate' && fn !== 'increase') throw new Unsupported(`function ${fn}()`);
  const body = node.getChild('FunctionCallBody');
  const args = body ? children(body) : [];
  const arg = args[0];
  if (args.length !== 1 || !arg) throw new Unsupported(`${fn}() with ${args.length} arguments`);
  if (arg.name !== 'MatrixSelector') throw new Unsupported(`${fn}() of ${describe(arg, text)}`);
  const durationNode = arg.getChild('DurationExpr');
  const duration = durationNode ? src(durationNode, text) : '';
  if (parsePromDuration(duration) !== BUCKET_MS) {
    throw new Unsupported(`the range [${duration}]: SLIs are evaluated in 5-minute buckets, so ranges must be [{{.window}}] or [5m]`);
  }
  const selector = arg.getChild('VectorSelector');
  if (!selector) throw new Unsupported(`${fn}() of ${describe(arg, text)}`);
  return { fn, ...selectorParts(selector, text) };
}

function describe(node: SyntaxNode, text: string): string {
  const what: Readonly<Record<string, string>> = {
    VectorSelector: 'a bare vector selector (wrap it in rate() or increase())',
    MatrixSelector: 'a range selector outside rate() or increase()',
    OffsetExpr: 'the offset modifier',
    StepInvariantExpr: 'the @ modifier',
    SubqueryExpr: 'a subquery',
    NumberDurationLiteral: 'a number literal',
    StringLiteral: 'a string literal',
    UnaryExpr: 'a unary operator',
    BinaryExpr: 'a binary expression inside a side of the ratio',
    FunctionCall: `function ${src(node.getChild('FunctionIdentifier') ?? node, text)}()`,
    AggregateExpr: 'an aggregation inside rate()/increase()',
  };
  return `${what[node.name] ?? node.name} in ${JSON.stringify(src(node, text))}`;
}

function selectorParts(selector: SyntaxNode, text: string): { metric: string | null; matchers: Matcher[] } {
  const ident = selector.getChild('Identifier');
  let metric = ident ? src(ident, text) : null;
  const matchers: Matcher[] = [];
  const list = selector.getChild('LabelMatchers');
  for (const m of list ? children(list) : []) {
    const strings = m.getChildren('StringLiteral');
    const opNode = m.getChild('MatchOp');
    if (!opNode && strings.length === 1 && strings[0]) {
      // {"metric.name"}: a quoted metric name.
      metric = unquote(src(strings[0], text));
      continue;
    }
    const nameNode = m.name === 'UnquotedLabelMatcher' ? m.getChild('LabelName') : strings[0];
    const valueNode = strings[strings.length - 1];
    if (!nameNode || !valueNode || !opNode) throw new Unsupported(`label matcher ${JSON.stringify(src(m, text))}`);
    const label = m.name === 'UnquotedLabelMatcher' ? src(nameNode, text) : unquote(src(nameNode, text));
    matchers.push({ label, op: src(opNode, text) as MatchOp, value: unquote(src(valueNode, text)) });
  }
  return { metric, matchers };
}

const ESCAPES: Readonly<Record<string, string>> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', "'": "'", '"': '"' };

/** A PromQL string literal's value: Go escapes in "…" and '…', none in `…`. */
export function unquote(literal: string): string {
  const quote = literal[0];
  const body = literal.slice(1, -1);
  if (quote === '`') return body;
  return body.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{3}|.)/g, (_, esc: string) => {
    if (/^[xuU]/.test(esc)) return String.fromCodePoint(parseInt(esc.slice(1), 16));
    if (/^[0-7]{3}$/.test(esc)) return String.fromCodePoint(parseInt(esc, 8));
    return ESCAPES[esc] ?? esc;
  });
}
