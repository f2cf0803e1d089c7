import { describe, expect, it } from 'vitest';
import { configSchema } from '../../config/schema.ts';
import { DEFAULT_CONFIG } from '../../config/defaults.ts';
import { UsageError } from '../context.ts';
import { serveSettings } from './serve-action.ts';

const TOKEN = 'a-long-enough-api-token';

describe('serveSettings', () => {
  it('binds loopback on the configured port by default, without a token', () => {
    expect(serveSettings({}, DEFAULT_CONFIG, {})).toEqual({ host: '127.0.0.1', port: 7420, token: null });
    expect(serveSettings({ port: '0', host: 'localhost' }, DEFAULT_CONFIG, {})).toEqual({ host: 'localhost', port: 0, token: null });
  });

  it('refuses any other address without a token, naming the variable', () => {
    expect(() => serveSettings({ host: '0.0.0.0' }, DEFAULT_CONFIG, {})).toThrow(UsageError);
    expect(() => serveSettings({ host: '0.0.0.0' }, DEFAULT_CONFIG, {})).toThrow(/needs an API token: set PULSE_API_TOKEN/);
    const config = configSchema.parse({ version: 1, serve: { host: '10.0.0.5', token_env: 'MY_TOKEN' } });
    expect(() => serveSettings({}, config, { PULSE_API_TOKEN: TOKEN })).toThrow(/set MY_TOKEN/);
    expect(serveSettings({}, config, { MY_TOKEN: TOKEN })).toEqual({ host: '10.0.0.5', port: 7420, token: TOKEN });
  });

  it('takes a token set on loopback too, and refuses short tokens and bad ports', () => {
    expect(serveSettings({}, DEFAULT_CONFIG, { PULSE_API_TOKEN: TOKEN }).token).toBe(TOKEN);
    expect(() => serveSettings({ host: '0.0.0.0' }, DEFAULT_CONFIG, { PULSE_API_TOKEN: 'short' })).toThrow(/at least 16 characters/);
    expect(() => serveSettings({ port: '70000' }, DEFAULT_CONFIG, {})).toThrow(/--port: expected a port number/);
    expect(() => serveSettings({ port: 'http' }, DEFAULT_CONFIG, {})).toThrow(UsageError);
  });
});
