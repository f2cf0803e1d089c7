import { describe, expect, it } from 'vitest';
import { authorizationHeader, resolveHttpAuth, withAuthorization } from './http-auth.ts';

describe('HTTP auth', () => {
  it('builds bearer and basic Authorization headers', () => {
    expect(authorizationHeader({ kind: 'bearer', token: 'abc' })).toBe('Bearer abc');
    expect(authorizationHeader({ kind: 'basic', username: 'Aladdin', password: 'open sesame' })).toBe('Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==');
    expect(withAuthorization({ A: '1' }, undefined)).toEqual({ A: '1' });
  });

  it('resolves nothing when no auth is configured', () => {
    expect(resolveHttpAuth({}, { TOKEN: 'x' })).toBeUndefined();
    expect(resolveHttpAuth({ bearer_token_env: 'TOKEN' }, { TOKEN: 'x' })).toEqual({ kind: 'bearer', token: 'x' });
  });
});
