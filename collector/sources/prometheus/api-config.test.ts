import { describe, expect, it } from 'vitest';
import { prometheusEndpointSchema, resolvePrometheusEndpoint } from './api-config.ts';
import { MissingSecretError } from './http-auth.ts';

describe('prometheusEndpointSchema', () => {
  it('fills defaults and resolves the secret from the environment the caller passes', () => {
    const config = prometheusEndpointSchema.parse({ url: 'http://mimir:8080/prometheus', headers: { 'X-Scope-OrgID': 'gpu' }, bearer_token_env: 'MIMIR_TOKEN', timeout: '90s' });
    expect(resolvePrometheusEndpoint(config, { MIMIR_TOKEN: 'tok' })).toEqual({
      baseUrl: 'http://mimir:8080/prometheus',
      headers: { 'X-Scope-OrgID': 'gpu' },
      auth: { kind: 'bearer', token: 'tok' },
      timeoutMs: 90_000,
      retry: { retries: 3 },
      method: 'auto',
      maxPointsPerSeries: 11_000,
    });
  });

  it('resolves basic auth and names a missing variable', () => {
    const config = prometheusEndpointSchema.parse({ url: 'https://thanos.example', basic_auth: { username: 'pulse', password_env: 'THANOS_PASSWORD' } });
    expect(resolvePrometheusEndpoint(config, { THANOS_PASSWORD: 'pw' }).auth).toEqual({ kind: 'basic', username: 'pulse', password: 'pw' });
    expect(() => resolvePrometheusEndpoint(config, { THANOS_PASSWORD: '' })).toThrow(MissingSecretError);
    expect(() => resolvePrometheusEndpoint(config, {})).toThrow(/THANOS_PASSWORD/);
  });

  it.each([
    [{ url: 'http://u:p@prom:9090' }, /credentials/],
    [{ url: 'ftp://prom' }, /url/i],
    [{ url: 'http://prom', bearer_token_env: 'A', basic_auth: { username: 'u', password_env: 'B' } }, /not both/],
    [{ url: 'http://prom', bearer_token: 'literal-secret' }, /bearer_token/],
    [{ url: 'http://prom', timeout: '1.5m' }, /duration/],
  ])('rejects %j', (input, message) => {
    const parsed = prometheusEndpointSchema.safeParse(input);
    expect(parsed.success).toBe(false);
    expect(JSON.stringify(parsed.error?.issues)).toMatch(message);
  });
});
