/**
 * OpenMetrics 1.0 rules above the line syntax, as the conformance suite checks them (its reference is
 * the Python client's parser): which sample names a family may have, metadata placement, name clashes,
 * per-type value rules, contiguous label groups with ordered timestamps, and histogram structure.
 *
 * Time-series mode (a backfill file) keeps the per-sample rules but replaces grouping, ordering and the
 * histogram structure checks, which assume one scrape, by "each series' timestamps strictly increase",
 * and lets a family come back later. Non-strict mode drops the value, grouping and histogram rules.
 */
import { ExpositionError } from './exposition-error.ts';
import type { Descriptor } from './exposition-metadata.ts';
import { parseValue } from './exposition-number.ts';
import type { SampleLine } from './exposition-scanner.ts';
import type { MetricFamily, MetricType, MutableFamily } from './exposition-types.ts';

/** Sample-name suffixes each type allows after the family name. */
const SUFFIXES: Readonly<Record<MetricType, readonly string[]>> = {
  counter: ['_total', '_created'],
  summary: ['', '_count', '_sum', '_created'],
  histogram: ['_count', '_sum', '_bucket', '_created'],
  gaugehistogram: ['_gcount', '_gsum', '_bucket'],
  info: ['_info'],
  gauge: [''],
  stateset: [''],
  unknown: [''],
};
const NAN_FORBIDDEN: ReadonlySet<string> = new Set(['_total', '_sum', '_count', '_bucket', '_gcount', '_gsum']);
const NEGATIVE_FORBIDDEN: ReadonlySet<string> = new Set(['_total', '_sum', '_count', '_bucket', '_gcount']);

class Family {
  readonly family: MutableFamily;
  suffixes: readonly string[] = SUFFIXES.unknown;
  typeSet = false;
  helpSet = false;
  unitSet = false;
  /** Its sample names are claimed and its metadata is final (first sample, or the family ended). */
  sealed = false;
  private lastName = '';
  private lastSuffix: string | undefined = undefined;

  constructor(name: string) {
    this.family = { name, type: 'unknown', help: null, unit: null };
  }

  /** The suffix of `sampleName` if this family may contain it, else undefined. */
  suffixOf(sampleName: string): string | undefined {
    if (sampleName === this.lastName) return this.lastSuffix;
    const base = this.family.name;
    let suffix: string | undefined;
    if (sampleName.startsWith(base)) {
      const rest = sampleName.slice(base.length);
      if (this.suffixes.includes(rest)) suffix = rest;
    }
    this.lastName = sampleName;
    this.lastSuffix = suffix;
    return suffix;
  }
}

/** Running structure of one histogram label group at one timestamp. */
class HistogramSegment {
  group: string | null = null;
  timestampMs: number | null = null;
  bucket: number | null = null;
  bucketValue = 0;
  negativeBuckets = false;
  count: number | null = null;
  hasSum = false;
  hasGsum = false;
  negativeGsum = false;

  reset(group: string | null, timestampMs: number | null): void {
    this.group = group;
    this.timestampMs = timestampMs;
    this.bucket = null;
    this.bucketValue = 0;
    this.negativeBuckets = false;
    this.count = null;
    this.hasSum = false;
    this.hasGsum = false;
    this.negativeGsum = false;
  }
}

export class OpenMetricsRules {
  readonly families: MetricFamily[] = [];
  private readonly strict: boolean;
  private readonly timeSeries: boolean;
  private current: Family | undefined = undefined;
  private readonly byName = new Map<string, Family>();
  /** Sample names owned by sealed families; a second owner is a name clash. */
  private readonly claimed = new Map<string, Family>();
  private lineNo = 0;
  // Grouping state of the current family (strict mode).
  private group: string | null = null;
  private groupTimestamp: number | null = null;
  private readonly seenGroups = new Set<string>();
  private readonly groupSeries = new Set<string>();
  private readonly segment = new HistogramSegment();
  /** `le` of the current bucket sample, parsed once by the sample check. */
  private bucketBound = 0;
  // Time-series mode.
  private readonly lastTimestamps = new Map<string, number>();

  constructor(strict: boolean, timeSeries: boolean) {
    this.strict = strict;
    this.timeSeries = timeSeries;
  }

  descriptor(d: Descriptor, lineNo: number): void {
    this.lineNo = lineNo;
    let family = this.current;
    if (family?.family.name !== d.name) {
      this.closeCurrent();
      family = (this.timeSeries ? this.byName.get(d.name) : undefined) ?? this.open(d.name);
      this.current = family;
    }
    const target = family.family;
    const same =
      d.kind === 'TYPE' ? family.typeSet && target.type === d.type : d.kind === 'HELP' ? family.helpSet && target.help === d.help : family.unitSet && target.unit === d.unit;
    if (this.timeSeries && same) return; // a backfill file may repeat identical metadata
    if (family.sealed) this.fail(`'# ${d.kind} ${d.name}' comes after the samples of that family`);
    switch (d.kind) {
      case 'TYPE':
        if (family.typeSet) this.fail(`second TYPE line for '${d.name}'`);
        family.typeSet = true;
        target.type = d.type;
        family.suffixes = SUFFIXES[d.type];
        break;
      case 'HELP':
        if (family.helpSet) this.fail(`second HELP line for '${d.name}'`);
        family.helpSet = true;
        target.help = d.help;
        break;
      case 'UNIT':
        if (family.unitSet) this.fail(`second UNIT line for '${d.name}'`);
        family.unitSet = true;
        target.unit = d.unit;
        break;
    }
  }

  /** Validates one sample and returns its family. */
  sample(line: SampleLine, lineNo: number): MetricFamily {
    this.lineNo = lineNo;
    let family = this.current;
    let suffix = family?.suffixOf(line.name);
    if (family === undefined || suffix === undefined) {
      // A sample outside the current family starts a new, untyped one named after it, unless a
      // time-series file comes back to a family it has seen before.
      this.closeCurrent();
      family = (this.timeSeries ? this.claimed.get(line.name) : undefined) ?? this.open(line.name);
      suffix = family.suffixOf(line.name) ?? '';
      this.current = family;
    }
    if (!family.sealed) this.seal(family);
    if (this.strict) this.checkValue(family, suffix, line);

    if (this.timeSeries) {
      this.checkSeriesOrder(line);
    } else if (this.strict) {
      const group = this.groupKey(family, suffix, line);
      this.checkGrouping(family, group, line);
      const type = family.family.type;
      if (type === 'histogram' || type === 'gaugehistogram') this.trackHistogram(family, suffix, group, line);
    }
    return family.family;
  }

  /** At `# EOF`: the last family ends. */
  end(lineNo: number): void {
    this.lineNo = lineNo;
    this.closeCurrent();
  }

  private fail(reason: string, column = 1): never {
    throw new ExpositionError(reason, this.lineNo, column);
  }

  private open(name: string): Family {
    const family = new Family(name);
    this.byName.set(name, family);
    this.families.push(family.family);
    return family;
  }

  private closeCurrent(): void {
    const family = this.current;
    if (family === undefined) return;
    if (!this.timeSeries) {
      if (this.segment.group !== null) this.checkHistogram(family);
      this.segment.reset(null, null);
      this.group = null;
      this.groupTimestamp = null;
      this.seenGroups.clear();
      this.groupSeries.clear();
    }
    if (!family.sealed) this.seal(family);
    this.current = undefined;
  }

  /** Final metadata checks, then claim the family's sample names (OpenMetrics forbids clashes). */
  private seal(family: Family): void {
    family.sealed = true;
    const { name, type, unit } = family.family;
    if (unit) {
      if (type === 'info' || type === 'stateset') this.fail(`${type} metric '${name}' cannot have a unit`);
      if (!name.endsWith(`_${unit}`)) this.fail(`metric name '${name}' must end with its unit '_${unit}'`);
    }
    for (const suffix of new Set(['', ...family.suffixes])) {
      const claimed = `${name}${suffix}`;
      const owner = this.claimed.get(claimed);
      if (owner !== undefined && owner !== family) {
        this.fail(`metric name '${claimed}' clashes with the earlier family '${owner.family.name}' (families must be contiguous and names unique)`);
      }
      this.claimed.set(claimed, family);
    }
  }

  private checkValue(family: Family, suffix: string, line: SampleLine): void {
    const { type, name } = family.family;
    const { value, labels } = line;
    if (type === 'stateset') {
      if (labels.indexOf(name) === -1) this.fail(`stateset sample needs a label named '${name}'`);
      if (value !== 0 && value !== 1) this.fail(`stateset values must be 0 or 1, found ${value}`, line.valueColumn);
    } else if (type === 'info') {
      if (value !== 1) this.fail(`info values must be 1, found ${value}`, line.valueColumn);
    } else if ((type === 'histogram' || type === 'gaugehistogram') && suffix === '_bucket') {
      const k = labels.indexOf('le');
      if (k === -1) this.fail(`histogram bucket '${line.name}' needs an 'le' label`);
      const text = labels.value(k);
      const bound = parseValue(text, 0, text.length);
      if (bound === undefined || Number.isNaN(bound) || (bound === Infinity && text !== '+Inf')) {
        this.fail(`invalid 'le' value '${text}': expected a number, with infinity written '+Inf'`, labels.columns[k]);
      }
      this.bucketBound = bound;
    } else if (type === 'summary' && suffix === '') {
      const k = labels.indexOf('quantile');
      const text = k === -1 ? '' : labels.value(k);
      const quantile = parseValue(text, 0, text.length);
      if (quantile === undefined || !(quantile >= 0 && quantile <= 1)) {
        this.fail(k === -1 ? `summary quantile sample '${line.name}' needs a 'quantile' label` : `invalid quantile '${text}': expected a number from 0 to 1`, labels.columns[k]);
      }
      if (value < 0) this.fail(`quantile values cannot be negative, found ${value}`, line.valueColumn);
    }
    if (Number.isNaN(value) && NAN_FORBIDDEN.has(suffix)) this.fail(`'${line.name}' is counter-like and cannot be NaN`, line.valueColumn);
    if (value < 0 && NEGATIVE_FORBIDDEN.has(suffix)) this.fail(`'${line.name}' is counter-like and cannot be negative, found ${value}`, line.valueColumn);
    if (line.exemplar !== undefined) {
      const allowed = type === 'counter' ? suffix === '_total' : (type === 'histogram' || type === 'gaugehistogram') && suffix === '_bucket';
      if (!allowed) this.fail(`exemplars are only allowed on counter '_total' and histogram '_bucket' samples, not on '${line.name}' (${type})`);
    }
  }

  /** The label group: the labels minus the one that varies inside a group (quantile, le, state). */
  private groupKey(family: Family, suffix: string, line: SampleLine): string {
    const { type, name } = family.family;
    if (type === 'info') return ''; // info samples cannot be told apart by group
    const labels = line.labels;
    if (labels.count === 0) return '';
    let skip: string | undefined;
    if (type === 'summary' && suffix === '') skip = 'quantile';
    else if (type === 'stateset') skip = name;
    else if ((type === 'histogram' || type === 'gaugehistogram') && suffix === '_bucket') skip = 'le';
    const order: number[] = [];
    let sorted = true;
    for (let k = 0; k < labels.count; k++) {
      if (labels.names[k] === skip) continue;
      const previous = order[order.length - 1];
      if (previous !== undefined && (labels.names[previous] ?? '') > (labels.names[k] ?? '')) sorted = false;
      order.push(k);
    }
    if (!sorted) order.sort((a, b) => ((labels.names[a] ?? '') < (labels.names[b] ?? '') ? -1 : 1));
    // Length-prefixed so that no label value can fake a separator.
    let key = '';
    for (const k of order) {
      const labelName = labels.names[k] ?? '';
      const value = labels.value(k);
      key += `${labelName.length}:${labelName}${value.length}:${value}`;
    }
    return key;
  }

  private checkGrouping(family: Family, group: string, line: SampleLine): void {
    const timestamp = line.timestampMs;
    if (group === this.group) {
      if ((timestamp === null) !== (this.groupTimestamp === null)) {
        this.fail(`samples of one label group of '${family.family.name}' must all have timestamps or all have none`);
      }
      if (timestamp !== null && this.groupTimestamp !== null && timestamp < this.groupTimestamp && family.family.type !== 'info') {
        this.fail(`timestamps went backwards within a label group of '${family.family.name}'`);
      }
    } else {
      if (this.seenGroups.has(group)) this.fail(`samples of '${family.family.name}' with the same labels must be contiguous: ${line.seriesKey} appears again after other label sets`);
      this.seenGroups.add(group);
      this.groupSeries.clear();
    }
    if (timestamp === null) {
      // Without timestamps, a repeated series cannot be read as two points in time.
      if (this.groupSeries.has(line.seriesKey)) this.fail(`series ${line.seriesKey} is repeated without timestamps`);
      this.groupSeries.add(line.seriesKey);
    }
    this.group = group;
    this.groupTimestamp = timestamp;
  }

  private trackHistogram(family: Family, suffix: string, group: string, line: SampleLine): void {
    const segment = this.segment;
    if (segment.group !== group || segment.timestampMs !== line.timestampMs) {
      if (segment.group !== null) this.checkHistogram(family);
      segment.reset(group, line.timestampMs);
    }
    const value = line.value;
    switch (suffix) {
      case '_bucket':
        if (this.bucketBound < 0) segment.negativeBuckets = true;
        if (segment.bucket !== null && this.bucketBound <= segment.bucket) this.fail(`buckets of '${family.family.name}' must be in increasing 'le' order`);
        if (value < segment.bucketValue) this.fail(`bucket counts of '${family.family.name}' must not decrease as 'le' grows`, line.valueColumn);
        segment.bucket = this.bucketBound;
        segment.bucketValue = value;
        break;
      case '_count':
      case '_gcount':
        segment.count = value;
        break;
      case '_sum':
        segment.hasSum = true;
        break;
      case '_gsum':
        segment.hasGsum = true;
        if (value < 0) segment.negativeGsum = true;
        break;
    }
  }

  private checkHistogram(family: Family): void {
    const segment = this.segment;
    const name = family.family.name;
    const countName = family.family.type === 'gaugehistogram' ? '_gcount' : '_count';
    if (segment.bucket !== Infinity) this.fail(`histogram '${name}' is missing its le="+Inf" bucket`);
    if (segment.count !== null && segment.count !== segment.bucketValue) {
      this.fail(`${name}${countName} is ${segment.count} but the +Inf bucket is ${segment.bucketValue}`);
    }
    if ((segment.hasSum || segment.hasGsum) && segment.count === null) this.fail(`histogram '${name}' has a sum but no ${countName}`);
    if (!(segment.hasSum || segment.hasGsum) && segment.count !== null) this.fail(`histogram '${name}' has ${countName} but no sum`);
    if (segment.negativeBuckets && segment.hasSum) this.fail(`histogram '${name}' has negative buckets, so it cannot have _sum`);
    if (!segment.negativeBuckets && segment.negativeGsum) this.fail(`gauge histogram '${name}' has a negative _gsum but no negative buckets`);
  }

  private checkSeriesOrder(line: SampleLine): void {
    const timestamp = line.timestampMs;
    if (timestamp === null) this.fail(`time-series mode needs a timestamp on every sample; ${line.seriesKey} has none`);
    const previous = this.lastTimestamps.get(line.seriesKey);
    if (previous !== undefined && timestamp <= previous) {
      this.fail(`timestamps of ${line.seriesKey} must increase: ${timestamp} ms follows ${previous} ms`);
    }
    this.lastTimestamps.set(line.seriesKey, timestamp);
  }
}
