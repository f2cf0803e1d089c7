/**
 * Reads an SLO spec file: Sloth (prometheus/v1, the PrometheusServiceLevel CRD, AlertWindows) and OpenSLO (v1,
 * v1alpha) documents, in any mix, one or several per file. A file with any error loads nothing; every error names the
 * file, the line and the reason. Pure.
 */
import { SpecError } from '../../../queries/header.ts';
import { isOpenSloItem, readOpenSloItems } from './openslo.ts';
import { isAlertWindowsItem, isSlothItem, readAlertWindowsItem, readSlothItem } from './sloth.ts';
import type { AlertWindows, Period, SloDefinition } from './types.ts';
import { readSpecItems } from './yaml-docs.ts';

export interface SpecOptions {
  /** The period of Sloth SLOs (Sloth specs have none; its CLI defaults to 30 days). */
  slothPeriod: Period;
}

export interface SpecFile {
  slos: SloDefinition[];
  /** Sloth AlertWindows documents. */
  windows: AlertWindows[];
  errors: SpecError[];
}

export function parseSloSpecFile(file: string, text: string, options: SpecOptions): SpecFile {
  const { items, errors } = readSpecItems(file, text);
  if (errors.length > 0) return { slos: [], windows: [], errors };
  const slos: SloDefinition[] = [];
  const windows: AlertWindows[] = [];
  for (const item of items) {
    if (isAlertWindowsItem(item.value)) {
      const read = readAlertWindowsItem(file, item);
      if (read.windows) windows.push(read.windows);
      errors.push(...read.errors);
    } else if (isSlothItem(item.value)) {
      const read = readSlothItem(file, item, options.slothPeriod);
      slos.push(...read.slos);
      errors.push(...read.errors);
    } else if (!isOpenSloItem(item.value)) {
      errors.push(new SpecError(file, item.line, `not an SLO spec${item.where ? ` (document ${item.where})` : ''}: ${describeHead(item.value)}`));
    }
  }
  const openslo = readOpenSloItems(
    file,
    items.filter((item) => isOpenSloItem(item.value)),
  );
  slos.push(...openslo.slos);
  errors.push(...openslo.errors);
  const ids = new Map<string, number>();
  for (const slo of slos) {
    const first = ids.get(slo.id);
    if (first !== undefined) errors.push(new SpecError(file, slo.line, `SLO ${slo.id} is also defined at line ${first}`));
    else ids.set(slo.id, slo.line);
  }
  if (errors.length === 0 && slos.length === 0 && windows.length === 0) errors.push(new SpecError(file, 1, 'no SLO in this file'));
  return errors.length > 0 ? { slos: [], windows: [], errors: errors.sort((a, b) => a.line - b.line) } : { slos, windows, errors };
}

function describeHead(value: unknown): string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'expected a mapping with version: prometheus/v1 (Sloth) or an apiVersion';
  const v = value as Record<string, unknown>;
  if (v['apiVersion'] !== undefined) {
    return `apiVersion "${String(v['apiVersion'])}" is not supported (expected sloth.slok.dev/v1, openslo/v1 or openslo/v1alpha)`;
  }
  if (v['version'] !== undefined) return `version "${String(v['version'])}" is not supported (expected prometheus/v1)`;
  return 'expected version: prometheus/v1 (Sloth) or apiVersion: openslo/v1, openslo/v1alpha or sloth.slok.dev/v1';
}
