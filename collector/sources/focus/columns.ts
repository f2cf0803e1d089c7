/**
 * The FOCUS 1.0–1.2 columns Pulse keeps in cost_line, their types, and how an export's header maps onto them.
 * Columns Pulse does not map (provider `x_` columns, and any other) are kept in x_extra. Pure.
 */

export type ColumnKind = 'varchar' | 'decimal' | 'timestamp' | 'json';

const TIMESTAMPS = ['BillingPeriodStart', 'BillingPeriodEnd', 'ChargePeriodStart', 'ChargePeriodEnd'];
const DECIMALS = ['BilledCost', 'EffectiveCost', 'ListCost', 'ContractedCost', 'ConsumedQuantity', 'PricingQuantity', 'ListUnitPrice', 'ContractedUnitPrice', 'CommitmentDiscountQuantity'];
const JSONS = ['SkuPriceDetails', 'Tags'];
const VARCHARS = [
  'BillingAccountId', 'BillingAccountName', 'BillingAccountType', 'SubAccountId', 'SubAccountName', 'SubAccountType',
  'ChargeCategory', 'ChargeClass', 'ChargeDescription', 'ChargeFrequency', 'BillingCurrency', 'PricingCurrency',
  'ConsumedUnit', 'PricingUnit', 'PricingCategory', 'ProviderName', 'PublisherName', 'InvoiceIssuerName', 'InvoiceId',
  'RegionId', 'RegionName', 'AvailabilityZone', 'ResourceId', 'ResourceName', 'ResourceType', 'ServiceCategory',
  'ServiceSubcategory', 'ServiceName', 'SkuId', 'SkuPriceId', 'SkuMeter', 'CommitmentDiscountId', 'CommitmentDiscountType',
  'CommitmentDiscountStatus', 'CommitmentDiscountCategory', 'CommitmentDiscountName', 'CommitmentDiscountUnit',
  'CapacityReservationId', 'CapacityReservationStatus',
];

/** cost_line column → kind, for every FOCUS column Pulse stores in a column of its own. */
export const FOCUS_COLUMNS: ReadonlyMap<string, ColumnKind> = new Map<string, ColumnKind>([
  ...TIMESTAMPS.map((c): [string, ColumnKind] => [c, 'timestamp']),
  ...DECIMALS.map((c): [string, ColumnKind] => [c, 'decimal']),
  ...JSONS.map((c): [string, ColumnKind] => [c, 'json']),
  ...VARCHARS.map((c): [string, ColumnKind] => [c, 'varchar']),
]);

/** Provider columns with a cost_line column of their own. */
export const PROVIDER_COLUMNS: ReadonlyMap<string, string> = new Map([['x_UsageType', 'x_usage_type']]);

/**
 * The columns Pulse cannot do without. BillingCurrency and ProviderName may instead be given for the whole file
 * (--currency, --provider), for files such as the FOCUS specification's examples that leave them out.
 */
export const REQUIRED = ['BillingPeriodStart', 'ChargePeriodStart', 'ChargePeriodEnd', 'ChargeCategory', 'BilledCost', 'EffectiveCost', 'BillingCurrency', 'ProviderName'] as const;
export type FillableColumn = 'BillingCurrency' | 'ProviderName';

export const CHARGE_CATEGORIES = ['Usage', 'Purchase', 'Tax', 'Credit', 'Adjustment'] as const;

export interface ColumnPlan {
  /** The file's column name → the cost_line column it fills (FOCUS names matched case-insensitively). */
  mapped: { source: string; target: string; kind: ColumnKind }[];
  /** File columns kept in x_extra under their own name. */
  extra: string[];
}

export class FocusColumnsError extends Error {
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(`${file}: ${reason}`);
    this.name = 'FocusColumnsError';
  }
}

const CANONICAL = new Map([...FOCUS_COLUMNS.keys()].map((c) => [c.toLowerCase(), c]));

/**
 * Maps a header onto cost_line. Throws when a required column is missing (naming every missing one and what can
 * stand in for it) or when two columns map to the same one.
 */
export function planColumns(file: string, header: readonly string[], filled: Partial<Record<FillableColumn, string>>): ColumnPlan {
  const mapped: ColumnPlan['mapped'] = [];
  const extra: string[] = [];
  const seen = new Map<string, string>();
  for (const source of header) {
    const canonical = CANONICAL.get(source.toLowerCase());
    const provider = PROVIDER_COLUMNS.get(source);
    const target = canonical ?? provider;
    if (target === undefined) {
      extra.push(source);
      continue;
    }
    const earlier = seen.get(target);
    if (earlier !== undefined) throw new FocusColumnsError(file, `columns "${earlier}" and "${source}" both name ${target}`);
    seen.set(target, source);
    mapped.push({ source, target, kind: canonical ? (FOCUS_COLUMNS.get(canonical) as ColumnKind) : 'varchar' });
  }
  const missing = REQUIRED.filter((c) => !seen.has(c) && !(c in filled && filled[c as FillableColumn]));
  if (missing.length > 0) {
    const hint = missing.some((c) => c === 'BillingCurrency' || c === 'ProviderName') ? ' (BillingCurrency and ProviderName can be given with --currency and --provider)' : '';
    throw new FocusColumnsError(file, `missing mandatory FOCUS column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}${hint}`);
  }
  return { mapped, extra };
}
