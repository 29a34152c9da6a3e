import { bearerTokenOf, generateServiceAccountToken, hashServiceAccountToken, SERVICE_ACCOUNT_TOKEN_PREFIX } from './service-account-token';

describe('service account tokens', () => {
  const pepper = 'unit-test-pepper-0123456789abcdef';

  it('generates a high-entropy token, a display prefix and its HMAC (never the token itself)', () => {
    const a = generateServiceAccountToken(pepper);
    const b = generateServiceAccountToken(pepper);
    expect(a.token).toMatch(/^sat-sluice-[A-Za-z0-9_-]{43}$/);
    expect(a.token).not.toBe(b.token);
    expect(a.displayPrefix).toBe(a.token.slice(0, SERVICE_ACCOUNT_TOKEN_PREFIX.length + 8));
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(a.hash).toBe(hashServiceAccountToken(pepper, a.token));
    expect(hashServiceAccountToken('another-pepper-0123456789abcdef', a.token)).not.toBe(a.hash);
  });

  it.each([
    [undefined, null],
    ['Bearer sat-sluice-abc', 'sat-sluice-abc'],
    ['bearer   sat-sluice-abc  ', 'sat-sluice-abc'],
    ['Bearer', ''],
    ['Bearer two words', ''],
    ['Basic dXNlcjpwYXNz', null],
    ['Bearerish x', null],
  ] as const)('reads the bearer token of %p', (header, expected) => {
    expect(bearerTokenOf(header)).toBe(expected);
  });
});
