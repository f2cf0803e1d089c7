import { describe, expect, it } from 'vitest';
import { hasBearer, isLoopback, isLoopbackHostHeader } from './security.ts';

describe('serving rules', () => {
  it('knows loopback addresses', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]', 'LOCALHOST']) expect(isLoopback(host)).toBe(true);
    for (const host of ['0.0.0.0', '::', '10.0.0.1', '127.0.0.1.evil.example', 'localhost.evil.example']) expect(isLoopback(host)).toBe(false);
  });

  it('reads loopback Host headers with or without a port', () => {
    expect(isLoopbackHostHeader('127.0.0.1:7420')).toBe(true);
    expect(isLoopbackHostHeader('[::1]:7420')).toBe(true);
    expect(isLoopbackHostHeader('localhost')).toBe(true);
    expect(isLoopbackHostHeader('evil.example:7420')).toBe(false);
    expect(isLoopbackHostHeader(undefined)).toBe(false);
  });

  it('compares bearer tokens', () => {
    expect(hasBearer('Bearer s3cret-token-value', 's3cret-token-value')).toBe(true);
    expect(hasBearer('bearer s3cret-token-value', 's3cret-token-value')).toBe(true);
    expect(hasBearer('Bearer s3cret-token-valu', 's3cret-token-value')).toBe(false);
    expect(hasBearer('s3cret-token-value', 's3cret-token-value')).toBe(false);
    expect(hasBearer(undefined, 's3cret-token-value')).toBe(false);
  });
});
