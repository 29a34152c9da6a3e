import { createPrivateKey, X509Certificate } from 'node:crypto';
import { z } from 'zod';
import { adminApiEnvSchema, baseEnvSchema, httpUrlSchema, parseEnv, refuseDemoSecrets, type AdminApiEnv } from '@sluice/contracts';
import { DEV_KEK, kekEnvShape } from '@sluice/db';
import { egressEnvSchema, type EgressEnv } from '@sluice/egress';

export const ADMIN_API_CONFIG = Symbol('ADMIN_API_CONFIG');

/** A PEM from one env line: `\n` escapes become newlines (how PEMs are usually put into env files and secrets). */
const optionalPem = z.preprocess((v) => (v === '' || v === undefined ? undefined : String(v).replace(/\\n/g, '\n').trim()), z.string().optional());

/**
 * SAML_SP_PRIVATE_KEY and SAML_SP_CERTIFICATE: both or neither, an RSA key, and the certificate of that key.
 * Every issue is reported on SAML_SP_PRIVATE_KEY, whose value parseEnv never prints (a key pasted into
 * SAML_SP_CERTIFICATE by mistake must not end up in the logs).
 */
function checkSamlSpCredential(env: { SAML_SP_PRIVATE_KEY?: string; SAML_SP_CERTIFICATE?: string }, ctx: z.RefinementCtx): void {
  const { SAML_SP_PRIVATE_KEY: key, SAML_SP_CERTIFICATE: cert } = env;
  if (!key && !cert) return;
  if (!key || !cert) {
    ctx.addIssue({ code: 'custom', path: ['SAML_SP_PRIVATE_KEY'], message: `SAML_SP_PRIVATE_KEY and SAML_SP_CERTIFICATE are set together (only ${key ? 'the key' : 'the certificate'} is set)` });
    return;
  }
  let privateKey;
  try {
    privateKey = createPrivateKey({ key, format: 'pem' });
  } catch {
    ctx.addIssue({ code: 'custom', path: ['SAML_SP_PRIVATE_KEY'], message: 'must be a PEM private key' });
    return;
  }
  if (privateKey.asymmetricKeyType !== 'rsa') ctx.addIssue({ code: 'custom', path: ['SAML_SP_PRIVATE_KEY'], message: 'must be an RSA key (requests are signed with RSA-SHA256)' });
  try {
    if (!new X509Certificate(cert).checkPrivateKey(privateKey)) ctx.addIssue({ code: 'custom', path: ['SAML_SP_PRIVATE_KEY'], message: 'SAML_SP_CERTIFICATE is not the certificate of this key' });
  } catch {
    ctx.addIssue({ code: 'custom', path: ['SAML_SP_PRIVATE_KEY'], message: 'SAML_SP_CERTIFICATE must be a PEM certificate' });
  }
}

/** SSO: where browsers reach us (redirect URIs, SAML ACS/metadata) and the KEK that seals OIDC client secrets and TOTP secrets. */
export const adminApiSsoEnvSchema = baseEnvSchema
  .extend({
    /** The browser-facing origin (the portal, which forwards `/api/*`), e.g. `https://sluice.example.com`. */
    PUBLIC_BASE_URL: httpUrlSchema.default('http://localhost:3000').transform((url) => url.replace(/\/+$/, '')),
    ...kekEnvShape,
    /** Optional SAML SP signing key (PEM, PKCS#8 or PKCS#1 RSA): AuthnRequests and logout messages are signed with RSA-SHA256. */
    SAML_SP_PRIVATE_KEY: optionalPem,
    /** The certificate of SAML_SP_PRIVATE_KEY (PEM), published in the SP metadata (AuthnRequestsSigned="true"). */
    SAML_SP_CERTIFICATE: optionalPem,
  })
  .superRefine(refuseDemoSecrets([['SLUICE_KEK', DEV_KEK]]))
  .superRefine(checkSamlSpCredential);
export type AdminApiSsoEnv = Pick<z.output<typeof adminApiSsoEnvSchema>, 'PUBLIC_BASE_URL' | 'SLUICE_KEK' | 'SLUICE_KEK_PREVIOUS' | 'SAML_SP_PRIVATE_KEY' | 'SAML_SP_CERTIFICATE'>;

/** EGRESS_ALLOW_LOOPBACK and EGRESS_ALLOWED_HOSTS: what provider base URLs may point at (see @sluice/egress). */
export type AdminApiConfig = AdminApiEnv & AdminApiSsoEnv & EgressEnv;

export function loadAdminApiConfig(env: NodeJS.ProcessEnv = process.env): AdminApiConfig {
  const sso = parseEnv('admin-api', adminApiSsoEnvSchema, env);
  return { ...parseEnv('admin-api', adminApiEnvSchema, env), ...parseEnv('admin-api', egressEnvSchema, env), PUBLIC_BASE_URL: sso.PUBLIC_BASE_URL, SLUICE_KEK: sso.SLUICE_KEK, SLUICE_KEK_PREVIOUS: sso.SLUICE_KEK_PREVIOUS, SAML_SP_PRIVATE_KEY: sso.SAML_SP_PRIVATE_KEY, SAML_SP_CERTIFICATE: sso.SAML_SP_CERTIFICATE };
}
