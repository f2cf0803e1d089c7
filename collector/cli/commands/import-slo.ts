/**
 * `pulse import slo [FILE…]`: Sloth and OpenSLO spec files (without files: those listed in pulse.yaml).
 * The work lives in import-slo-action.ts, loaded only when the command runs.
 */
import type { Command } from 'commander';
import type { ImportSloOptions } from './import-slo-action.ts';

export function registerImportSlo(parent: Command): void {
  parent
    .command('slo')
    .description('load SLO specs: Sloth (prometheus/v1, PrometheusServiceLevel, AlertWindows) and OpenSLO (v1, v1alpha); without files, slo.specs of pulse.yaml')
    .argument('[files...]', 'YAML spec files')
    .option('--sloth-period <days>', 'period of Sloth SLOs, whose specs have none (default: slo.sloth_period in pulse.yaml, 30d)')
    .action(async (files: string[], options: ImportSloOptions, command: Command) => {
      const { importSloAction } = await import('./import-slo-action.ts');
      await importSloAction(files, options, command);
    });
}
