import { describe, expect, it } from 'vitest';
import { buildApiRequest, formatTimestamp, parseBaseUrl, type ApiEndpoint } from './api-request.ts';

function endpoint(base: string, overrides: Partial<ApiEndpoint> = {}): ApiEndpoint {
  return { baseUrl: parseBaseUrl(base), headers: {}, method: 'auto', maxGetUrlLength: 2048, ...overrides };
}

describe('API requests', () => {
  it('keeps a path prefix with or without a trailing slash', () => {
    expect(buildApiRequest(endpoint('http://mimir:8080/prometheus'), 'query', { query: 'up', time: '1' }).url).toBe(
      'http://mimir:8080/prometheus/api/v1/query?query=up&time=1',
    );
    expect(buildApiRequest(endpoint('http://vm:8428/'), 'query_range', { query: 'up' }).url).toBe('http://vm:8428/api/v1/query_range?query=up');
  });

  it('switches to a form-encoded POST when the URL would be too long, or when asked', () => {
    const long = `sum(rate(x{a=~"${'v|'.repeat(1500)}v"}[5m]))`;
    const request = buildApiRequest(endpoint('http://p:9090', { headers: { 'X-Scope-OrgID': 't' } }), 'query', { query: long, time: '1' });
    expect(request.method).toBe('POST');
    expect(request.url).toBe('http://p:9090/api/v1/query');
    expect(request.headers).toMatchObject({ 'Content-Type': 'application/x-www-form-urlencoded', 'X-Scope-OrgID': 't' });
    expect(new URLSearchParams(request.body).get('query')).toBe(long);
    expect(buildApiRequest(endpoint('http://p:9090', { method: 'POST' }), 'query', { query: 'up' }).method).toBe('POST');
    expect(buildApiRequest(endpoint('http://p:9090', { method: 'GET' }), 'query', { query: long }).method).toBe('GET');
  });

  it('refuses base URLs with credentials, a query or another scheme', () => {
    expect(() => parseBaseUrl('http://user:secret@p:9090')).toThrow(/credentials/);
    expect(() => parseBaseUrl('http://p:9090/?x=1')).toThrow(/query/);
    expect(() => parseBaseUrl('ftp://p')).toThrow(/http/);
  });

  it('writes epoch milliseconds as seconds exact to the millisecond', () => {
    expect(formatTimestamp(1_700_000_000_000)).toBe('1700000000');
    expect(formatTimestamp(1_700_000_000_123)).toBe('1700000000.123');
    expect(formatTimestamp(1_700_000_000_005)).toBe('1700000000.005');
    expect(formatTimestamp(500)).toBe('0.500');
    expect(formatTimestamp(-1500)).toBe('-1.500');
  });
});
