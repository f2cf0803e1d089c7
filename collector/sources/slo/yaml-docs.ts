/**
 * Spec files as YAML streams: every document, and every item of a document that is a list (OpenSLO allows
 * both), with the line of any path inside it. Schema problems become SpecErrors with file and line. Pure.
 */
import { isNode, LineCounter, parseAllDocuments, type Document } from 'yaml';
import type { z } from 'zod';
import { SpecError } from '../../../queries/header.ts';
import { describeIssue } from '../../config/parse-yaml.ts';

export interface SpecItem {
  /** The item as plain data. */
  value: unknown;
  /** 1-based line where the item starts. */
  line: number;
  /** The line of a path inside the item (the nearest existing ancestor's when the path is missing). */
  lineOf(path: readonly PropertyKey[]): number;
  /** `#2` for the second document, `#2[0]` for an item of a list document; '' for a one-document file. */
  where: string;
}

export function readSpecItems(file: string, text: string): { items: SpecItem[]; errors: SpecError[] } {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter, prettyErrors: false });
  const list = Array.isArray(docs) ? docs : [];
  const errors = list.flatMap((doc) => doc.errors.map((e) => new SpecError(file, lineCounter.linePos(e.pos[0]).line, `invalid YAML: ${e.message.split('\n')[0] ?? ''}`)));
  if (errors.length > 0) return { items: [], errors };
  const items: SpecItem[] = [];
  const several = list.filter((doc) => doc.contents !== null).length > 1;
  list.forEach((doc, d) => {
    if (doc.contents === null) return;
    const value: unknown = doc.toJS();
    const where = several ? `#${d + 1}` : '';
    if (Array.isArray(value)) {
      value.forEach((item: unknown, i) => items.push(specItem(doc, lineCounter, [i], item, `${where}[${i}]`)));
    } else {
      items.push(specItem(doc, lineCounter, [], value, where));
    }
  });
  return { items, errors };
}

function specItem(doc: Document, lineCounter: LineCounter, base: readonly PropertyKey[], value: unknown, where: string): SpecItem {
  const lineOf = (path: readonly PropertyKey[]): number => {
    const full = [...base, ...path];
    for (let n = full.length; n >= 0; n--) {
      const node: unknown = doc.getIn(full.slice(0, n), true);
      if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
    }
    return 1;
  };
  return { value, line: lineOf([]), lineOf, where };
}

/** Validates an item with a schema: the data, or one SpecError per issue (line of the offending path). */
export function validateItem<S extends z.ZodType>(file: string, item: SpecItem, schema: S): { ok: true; data: z.infer<S> } | { ok: false; errors: SpecError[] } {
  const parsed = schema.safeParse(item.value, { reportInput: true });
  if (parsed.success) return { ok: true, data: parsed.data as z.infer<S> };
  return {
    ok: false,
    errors: parsed.error.issues.map((issue) => {
      // An unknown key is shown at the key itself.
      const at = issue.code === 'unrecognized_keys' && issue.keys.length === 1 ? [...issue.path, issue.keys[0] as string] : issue.path;
      const path = issue.path.map(String).join('.');
      return new SpecError(file, item.lineOf(at), `${path ? `${path}: ` : ''}${describeIssue(issue)}`);
    }),
  };
}
