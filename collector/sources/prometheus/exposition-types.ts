/** Public data shapes of the exposition parser. */

/** `prometheus` is the text format 0.0.4, `openmetrics` is OpenMetrics 1.0 text. */
export type ExpositionFormat = 'prometheus' | 'openmetrics';

/** OpenMetrics type names; the 0.0.4 `untyped` is reported as `unknown`. */
export type MetricType = 'counter' | 'gauge' | 'histogram' | 'gaugehistogram' | 'summary' | 'info' | 'stateset' | 'unknown';

export interface MetricFamily {
  readonly name: string;
  readonly type: MetricType;
  /** HELP text with escapes resolved; null when the family has no HELP line. */
  readonly help: string | null;
  /** OpenMetrics UNIT; null when absent (always null in text 0.0.4). */
  readonly unit: string | null;
}

export type Labels = Readonly<Record<string, string>>;

export interface Exemplar {
  readonly labels: Labels;
  readonly value: number;
  readonly timestampMs: number | null;
}

/** Label values by name, without building a record of them all (see ExpositionOptions.onLine). */
export interface LabelView {
  /** The value of the label; undefined when the sample has no such label. */
  get(name: string): string | undefined;
  /** Every label as a record. */
  record(): Labels;
}

/** A sample line as scanned, before a sample object is built from it; valid only during the call it is given to. */
export interface SampleLineView {
  readonly name: string;
  readonly labels: LabelView;
  readonly value: number;
  readonly timestampMs: number | null;
}

export interface ExpositionSample {
  /** The family the sample belongs to (`foo` for `foo_bucket`); shared by all its samples. */
  readonly family: MetricFamily;
  /** The sample's own metric name, suffix included (`foo_bucket`, `foo_total`). */
  readonly name: string;
  readonly labels: Labels;
  /**
   * Identity of the series: the metric name and its label pairs in input order, escaped, e.g.
   * `up{job="a",instance="b"}` (just `up` without labels). Equal series give equal keys as long as the
   * producer writes labels in a stable order, which exporters do.
   */
  readonly seriesKey: string;
  readonly value: number;
  /** Milliseconds since the epoch: text 0.0.4 integer ms as is, OpenMetrics float seconds × 1000. */
  readonly timestampMs: number | null;
  readonly exemplar: Exemplar | undefined;
}

export interface ExpositionOptions {
  /** Default `auto`: see `detectExpositionFormat`. */
  readonly format?: ExpositionFormat | 'auto';
  /** HTTP Content-Type of the scrape, used by `auto`. */
  readonly contentType?: string;
  /**
   * The last bytes of the input, used by `auto` when there is no usable content type (a file importer can
   * read them before streaming). `parseExpositionText` passes the text itself.
   */
  readonly tail?: string;
  /**
   * Default true: the reference rules, i.e. the Go expfmt TextParser for text 0.0.4 and the OpenMetrics
   * conformance suite. False accepts real-world files those reject over rules that do not change the
   * data, as a Prometheus server scrape would: a missing line feed after the last 0.0.4 line, and the
   * OpenMetrics value rules (negative or NaN counters, info/stateset values, quantile ranges), histogram
   * structure (bucket order, +Inf bucket, _count/_sum pairing, _sum with negative buckets) and label-group
   * ordering. Syntax, metadata, family and name-clash rules and `# EOF` still apply.
   */
  readonly strict?: boolean;
  /**
   * OpenMetrics only: time-series file mode (what `promtool tsdb create-blocks-from openmetrics` reads).
   * Every sample must carry a timestamp and each series' timestamps must strictly increase; series may
   * repeat and interleave, and a family may come back after others (identical metadata may be repeated).
   * This replaces the grouping, ordering and histogram-structure rules, which assume a single scrape.
   * Default false.
   */
  readonly timeSeries?: boolean;
  /**
   * Metrics the caller has no use for: their samples are still checked like every other (syntax, family rules)
   * but not built; `onSkipped` gets their name and timestamp instead of the sample handler getting the sample.
   * In text 0.0.4 their label values are not even copied out of the input, which is most of a sample's cost.
   */
  readonly skip?: (name: string) => boolean;
  readonly onSkipped?: (name: string, timestampMs: number | null) => void;
  /**
   * Sees each sample line (checked, not skipped) before a sample object is built; returning true consumes it and
   * the sample handler is not called. For consumers that read a few labels of most lines: no record of every
   * label, no sample object.
   */
  readonly onLine?: (line: SampleLineView) => boolean;
}

export interface ExpositionSummary {
  readonly format: ExpositionFormat;
  /** Families in order of first appearance, including ones that only had metadata lines. */
  readonly families: readonly MetricFamily[];
  readonly sampleCount: number;
  readonly lineCount: number;
}

/** The parser fills families in as metadata lines arrive; consumers see them read-only. */
export type MutableFamily = { -readonly [K in keyof MetricFamily]: MetricFamily[K] };
