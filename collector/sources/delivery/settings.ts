/** The delivery part of pulse.yaml in the form the connectors use. Pure. */
import type { PulseConfig } from '../../config/schema.ts';
import { PRODUCTION } from './model.ts';
import type { ServiceRule } from './services.ts';

export interface DeliverySettings {
  rules: ServiceRule[];
  linkWindowMs: number;
  productionEnvironments: string[];
}

const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `90m`, `24h`, `2d` → milliseconds (the config schema has checked the form). */
export function parseDuration(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(m|h|d)$/.exec(text);
  if (!m) throw new RangeError(`expected a duration such as 90m, 24h or 2d, got "${text}"`);
  return Math.round(Number(m[1]) * (UNIT_MS[m[2] as string] as number));
}

export function deliverySettings(config: PulseConfig): DeliverySettings {
  return {
    rules: config.delivery.services.map((s) => ({ name: s.name, repository: s.repository, paths: s.paths, team: s.team ?? null })),
    linkWindowMs: parseDuration(config.delivery.link_window),
    productionEnvironments: config.delivery.production_environments.map((e) => e.toLowerCase()),
  };
}

/** A source's environment name as stored: the production synonyms become `production`, others are kept. */
export function environmentName(settings: Pick<DeliverySettings, 'productionEnvironments'>, name: string, isProduction = false): string {
  return isProduction || settings.productionEnvironments.includes(name.toLowerCase()) ? PRODUCTION : name;
}
