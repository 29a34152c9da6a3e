import { z } from 'zod';
import { adminApiEnvSchema, baseEnvSchema, httpUrlSchema, parseEnv, refuseDemoSecrets, type AdminApiEnv } from '@sluice/contracts';
import { DEV_KEK, kekEnvShape } from '@sluice/db';
import { egressEnvSchema, type EgressEnv } from '@sluice/egress';

export const ADMIN_API_CONFIG = Symbol('ADMIN_API_CONFIG');

/** SSO: where browsers reach us (redirect URIs, SAML ACS/metadata) and the KEK that seals OIDC client secrets and TOTP secrets. */
export const adminApiSsoEnvSchema = baseEnvSchema
  .extend({
    /** The browser-facing origin (the portal, which forwards `/api/*`), e.g. `https://sluice.example.com`. */
    PUBLIC_BASE_URL: httpUrlSchema.default('http://localhost:3000').transform((url) => url.replace(/\/+$/, '')),
    ...kekEnvShape,
  })
  .superRefine(refuseDemoSecrets([['SLUICE_KEK', DEV_KEK]]));
export type AdminApiSsoEnv = Pick<z.output<typeof adminApiSsoEnvSchema>, 'PUBLIC_BASE_URL' | 'SLUICE_KEK' | 'SLUICE_KEK_PREVIOUS'>;

/** EGRESS_ALLOW_LOOPBACK and EGRESS_ALLOWED_HOSTS: what provider base URLs may point at (see @sluice/egress). */
export type AdminApiConfig = AdminApiEnv & AdminApiSsoEnv & EgressEnv;

export function loadAdminApiConfig(env: NodeJS.ProcessEnv = process.env): AdminApiConfig {
  const sso = parseEnv('admin-api', adminApiSsoEnvSchema, env);
  return { ...parseEnv('admin-api', adminApiEnvSchema, env), ...parseEnv('admin-api', egressEnvSchema, env), PUBLIC_BASE_URL: sso.PUBLIC_BASE_URL, SLUICE_KEK: sso.SLUICE_KEK, SLUICE_KEK_PREVIOUS: sso.SLUICE_KEK_PREVIOUS };
}
