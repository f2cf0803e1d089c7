import { describe, expect, it } from 'vitest';
import { configSchema } from '../../config/schema.ts';
import { deliverySettings, environmentName, parseDuration } from './settings.ts';

describe('delivery settings', () => {
  it('reads durations', () => {
    expect(parseDuration('24h')).toBe(86_400_000);
    expect(parseDuration('90m')).toBe(5_400_000);
    expect(parseDuration('1.5d')).toBe(129_600_000);
    expect(() => parseDuration('1w')).toThrow('expected a duration');
  });

  it('defaults to a 24 h link window and maps production synonyms', () => {
    const settings = deliverySettings(
      configSchema.parse({ version: 1, delivery: { services: [{ name: 'ranker', repository: 'acme/search', paths: ['svc/ranker/**'], team: 'search' }] } }),
    );
    expect(settings.linkWindowMs).toBe(86_400_000);
    expect(settings.rules).toEqual([{ name: 'ranker', repository: 'acme/search', paths: ['svc/ranker/**'], team: 'search' }]);
    expect(environmentName(settings, 'Prod')).toBe('production');
    expect(environmentName(settings, 'staging')).toBe('staging');
    expect(environmentName(settings, 'eu-live', true)).toBe('production');
  });
});
