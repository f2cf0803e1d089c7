/** The `--preset` option of `pulse kpi slo`: whose alert windows and period ratio to reproduce. */
import type { KpiOption } from './definition.ts';

export const PRESET_OPTION: KpiOption = {
  name: 'preset',
  choices: ['pulse', 'sloth', 'pyrra'],
  default: 'pulse',
  description:
    'alert windows and factors: pulse (METRICS.md), sloth (same windows; period error ratio = mean of 5-minute ratios, as its slo:sli_error:ratio_rate30d), pyrra (windows scaled with the period, factors 14/7/2/1, `for` delays)',
};
