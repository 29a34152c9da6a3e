/**
 * openid-client v6 (and its jose/oauth4webapi) are ESM-only. Node ≥ 20.19 loads them with require()
 * (require(esm)); Jest transforms them to CommonJS (see transformIgnorePatterns in jest.config.js).
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const oidc = require('openid-client') as typeof import('openid-client', { with: { 'resolution-mode': 'import' } });
export type OidcConfiguration = InstanceType<typeof oidc.Configuration>;
