import { oidc } from './openid-client';

describe('openid-client loads under CommonJS', () => {
  it('makes PKCE verifiers and S256 challenges', async () => {
    const verifier = oidc.randomPKCECodeVerifier();
    expect(verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await oidc.calculatePKCECodeChallenge(verifier)).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});
