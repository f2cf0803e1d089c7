/** Options shared by the delivery KPIs (dora, delivery). */
import type { KpiOption } from './definition.ts';

export const MEDIAN_OPTION: KpiOption = {
  name: 'median',
  choices: ['interpolated', 'lower'],
  default: 'interpolated',
  description: 'median method: interpolated (mean of the two middle values for an even count), or lower (the lower one, as DevLake computes it)',
};

export const BANDS_OPTION: KpiOption = {
  name: 'bands',
  choices: ['2023', '2024'],
  default: '2024',
  description: 'DORA performance bands: the State of DevOps report version (band_* fields)',
};
