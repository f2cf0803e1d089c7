/**
 * Text format 0.0.4 family rules, after the Go expfmt TextParser: families are looked up by name (they
 * need not be contiguous), `_count`/`_sum` belong to a summary or histogram of the base name and
 * `_bucket` to a histogram, HELP and TYPE may each appear once, TYPE only before the family's first
 * sample, and `quantile`/`le` labels of summaries/histograms must be numbers.
 */
import { ExpositionError } from './exposition-error.ts';
import type { Descriptor } from './exposition-metadata.ts';
import { parseValue } from './exposition-number.ts';
import type { SampleLine } from './exposition-scanner.ts';
import type { MetricFamily, MutableFamily } from './exposition-types.ts';

class TextFamily {
  readonly family: MutableFamily;
  helpSet = false;
  /** A TYPE line was seen or a sample fixed the type as untyped; a later TYPE line is an error. */
  typeFixed = false;

  constructor(name: string) {
    this.family = { name, type: 'unknown', help: null, unit: null };
  }
}

function withoutSuffix(name: string, suffix: string): string | undefined {
  return name.length > suffix.length && name.endsWith(suffix) ? name.slice(0, -suffix.length) : undefined;
}

export class TextFormatRules {
  readonly families: MetricFamily[] = [];
  private readonly byName = new Map<string, TextFamily>();
  // HELP, TYPE and samples of a family follow each other; a resolved name never changes its family.
  private lastName = '';
  private last: TextFamily | undefined = undefined;

  descriptor(d: Descriptor, lineNo: number): void {
    const family = this.resolve(d.name);
    if (d.kind === 'HELP') {
      if (family.helpSet) this.fail(`second HELP line for '${family.family.name}'`, lineNo);
      family.helpSet = true;
      family.family.help = d.help;
    } else if (d.kind === 'TYPE') {
      if (family.typeFixed) this.fail(`second TYPE line for '${family.family.name}', or a TYPE line after its samples`, lineNo);
      family.typeFixed = true;
      family.family.type = d.type;
    }
  }

  /** Validates one sample and returns its family. */
  sample(line: SampleLine, lineNo: number): MetricFamily {
    const family = this.resolve(line.name);
    family.typeFixed = true;
    const type = family.family.type;
    if (type === 'summary') this.checkNumericLabel(line, 'quantile', lineNo);
    else if (type === 'histogram') this.checkNumericLabel(line, 'le', lineNo);
    return family.family;
  }

  private fail(reason: string, lineNo: number, column = 1): never {
    throw new ExpositionError(reason, lineNo, column);
  }

  private resolve(name: string): TextFamily {
    if (this.last !== undefined && name === this.lastName) return this.last;
    const family = this.lookup(name);
    this.lastName = name;
    this.last = family;
    return family;
  }

  private lookup(name: string): TextFamily {
    const exact = this.byName.get(name);
    if (exact !== undefined) return exact;
    const base = withoutSuffix(name, '_count') ?? withoutSuffix(name, '_sum');
    const parent = base === undefined ? undefined : this.byName.get(base);
    if (parent !== undefined && (parent.family.type === 'summary' || parent.family.type === 'histogram')) return parent;
    const bucketBase = withoutSuffix(name, '_bucket');
    const histogram = bucketBase === undefined ? undefined : this.byName.get(bucketBase);
    if (histogram !== undefined && histogram.family.type === 'histogram') return histogram;
    const family = new TextFamily(name);
    this.byName.set(name, family);
    this.families.push(family.family);
    return family;
  }

  private checkNumericLabel(line: SampleLine, label: string, lineNo: number): void {
    const labels = line.labels;
    const k = labels.indexOf(label);
    if (k === -1) return;
    const text = labels.value(k);
    if (parseValue(text, 0, text.length) === undefined) this.fail(`expected a number as the '${label}' label value, found '${text}'`, lineNo, labels.columns[k]);
  }
}
