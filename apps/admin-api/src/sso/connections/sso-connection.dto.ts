import { z } from 'zod';
import { MEMBERSHIP_ROLES, type SsoConnection } from '@sluice/db';

/** http only for loopback hosts (tests, local IdPs); everything else must be https. */
const idpUrl = z.url().refine((value) => {
  // zod runs this even when the url format check failed: never let a bad value throw here.
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  return url.protocol === 'https:' || (url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname));
}, 'must be an https URL (http only for localhost)');

const claimName = z.string().trim().min(1).max(200);
export const claimMappingSchema = z.strictObject({
  email: claimName.default('email'),
  name: claimName.default('name'),
  groups: claimName.default('groups'),
});
export type ClaimMapping = z.output<typeof claimMappingSchema>;

/** id_token signature algorithms we accept; never `none`, never HS* (the client secret is not a signing key we trust). */
export const OIDC_SIGNING_ALGS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'] as const;

export const oidcSettingsSchema = z.strictObject({
  issuer: idpUrl,
  clientId: z.string().trim().min(1).max(500),
  scopes: z.array(z.string().regex(/^[\x21\x23-\x5B\x5D-\x7E]+$/)).min(1).max(20).default(['openid', 'email', 'profile']),
  claimMapping: claimMappingSchema.default({ email: 'email', name: 'name', groups: 'groups' }),
  allowedAlgs: z.array(z.enum(OIDC_SIGNING_ALGS)).min(1).default(['RS256', 'PS256', 'ES256', 'EdDSA']),
});
export type OidcSettings = z.output<typeof oidcSettingsSchema>;

const pemCertificate = z
  .string()
  .trim()
  .transform((v) => v.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, ''))
  .pipe(z.string().regex(/^[A-Za-z0-9+/]{100,}={0,2}$/, 'must be a PEM or base64 X.509 certificate'));

export const samlSettingsSchema = z.strictObject({
  idpEntityId: z.string().trim().min(1).max(1000),
  ssoUrl: idpUrl,
  sloUrl: idpUrl.nullable().default(null),
  /** Base64 DER certificates the IdP signs with (several during a rollover). Embedded KeyInfo is never trusted. */
  certificates: z.array(pemCertificate).min(1).max(4),
  allowIdpInitiated: z.boolean().default(false),
  allowSha1: z.boolean().default(false),
  attributeMapping: claimMappingSchema.default({ email: 'email', name: 'name', groups: 'groups' }),
});
export type SamlSettings = z.output<typeof samlSettingsSchema>;

const common = { name: z.string().trim().min(1).max(200), enabled: z.boolean().default(true) };

export const createOidcConnectionSchema = z.strictObject({
  type: z.literal('oidc'),
  ...common,
  ...oidcSettingsSchema.shape,
  clientSecret: z.string().min(1).max(2000).describe('Write-only; sealed at rest'),
});

/** SAML IdP settings come from metadata (by URL or inline XML) or are given field by field. */
export const createSamlConnectionSchema = z.strictObject({
  type: z.literal('saml'),
  ...common,
  metadataUrl: idpUrl.optional(),
  metadataXml: z.string().min(50).max(500_000).optional(),
  idpEntityId: samlSettingsSchema.shape.idpEntityId.optional(),
  ssoUrl: idpUrl.optional(),
  sloUrl: idpUrl.nullable().optional(),
  certificates: samlSettingsSchema.shape.certificates.optional(),
  allowIdpInitiated: z.boolean().default(false),
  allowSha1: z.boolean().default(false),
  attributeMapping: samlSettingsSchema.shape.attributeMapping,
});

export const createConnectionSchema = z.discriminatedUnion('type', [createOidcConnectionSchema, createSamlConnectionSchema]);
export type CreateConnectionInput = z.output<typeof createConnectionSchema>;
export type CreateSamlConnectionInput = z.output<typeof createSamlConnectionSchema>;

/** A partial update; the connection type cannot change. Fields of the other type are a 400. */
export const updateConnectionSchema = z.strictObject({
  name: common.name.optional(),
  enabled: z.boolean().optional(),
  issuer: idpUrl.optional(),
  clientId: oidcSettingsSchema.shape.clientId.optional(),
  clientSecret: z.string().min(1).max(2000).optional(),
  scopes: z.array(z.string().regex(/^[\x21\x23-\x5B\x5D-\x7E]+$/)).min(1).max(20).optional(),
  claimMapping: claimMappingSchema.optional(),
  allowedAlgs: z.array(z.enum(OIDC_SIGNING_ALGS)).min(1).optional(),
  metadataUrl: idpUrl.optional(),
  metadataXml: z.string().min(50).max(500_000).optional(),
  idpEntityId: samlSettingsSchema.shape.idpEntityId.optional(),
  ssoUrl: idpUrl.optional(),
  sloUrl: idpUrl.nullable().optional(),
  certificates: samlSettingsSchema.shape.certificates.optional(),
  allowIdpInitiated: z.boolean().optional(),
  allowSha1: z.boolean().optional(),
  attributeMapping: claimMappingSchema.optional(),
});
export type UpdateConnectionInput = z.output<typeof updateConnectionSchema>;

export const listConnectionsQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().optional(),
  type: z.enum(['oidc', 'saml']).optional(),
  enabled: z.enum(['true', 'false']).optional(),
  sort: z.enum(['name', '-name', 'createdAt', '-createdAt']).default('name'),
});
export type ListConnectionsQuery = z.output<typeof listConnectionsQuerySchema>;

export const connectionViewSchema = z.object({
  id: z.uuid(),
  orgId: z.uuid(),
  type: z.enum(['oidc', 'saml']),
  name: z.string(),
  enabled: z.boolean(),
  settings: z.record(z.string(), z.unknown()).describe('OIDC or SAML settings; the client secret is never returned'),
  hasClientSecret: z.boolean(),
  /** What to register at the IdP. */
  redirectUri: z.string().nullable(),
  acsUrl: z.string().nullable(),
  spEntityId: z.string().nullable(),
  spMetadataUrl: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ConnectionView = z.infer<typeof connectionViewSchema>;

/** The URLs an IdP admin registers: derived from PUBLIC_BASE_URL. */
export function spUrlsOf(publicBaseUrl: string, connection: Pick<SsoConnection, 'id' | 'type'>) {
  const base = `${publicBaseUrl}/api/v1/auth/sso`;
  return connection.type === 'oidc'
    ? { redirectUri: `${base}/oidc/${connection.id}/callback`, acsUrl: null, spEntityId: null, spMetadataUrl: null }
    : { redirectUri: null, acsUrl: `${base}/saml/${connection.id}/acs`, spEntityId: `${base}/saml/${connection.id}/metadata`, spMetadataUrl: `${base}/saml/${connection.id}/metadata` };
}

export function toConnectionView(connection: SsoConnection, publicBaseUrl: string): ConnectionView {
  return {
    id: connection.id,
    orgId: connection.orgId,
    type: connection.type,
    name: connection.name,
    enabled: connection.enabled,
    settings: connection.settings,
    hasClientSecret: connection.clientSecretSealed !== null,
    ...spUrlsOf(publicBaseUrl, connection),
    createdAt: connection.createdAt.toISOString(),
    updatedAt: connection.updatedAt.toISOString(),
  };
}

const ORG_ROLES = MEMBERSHIP_ROLES;
export const createMappingSchema = z
  .strictObject({
    idpGroup: z.string().trim().min(1).max(512),
    orgRole: z.enum(ORG_ROLES).nullable().default(null),
    teamId: z.uuid().nullable().default(null),
    teamRole: z.enum(['team_admin', 'developer', 'viewer']).nullable().default(null),
  })
  .refine((m) => m.orgRole !== null || m.teamId !== null, { message: 'map the group to an org role, a team, or both', path: ['orgRole'] })
  .refine((m) => (m.teamId === null) === (m.teamRole === null), { message: 'a team needs a team role (and a team role needs a team)', path: ['teamRole'] });
export type CreateMappingInput = z.output<typeof createMappingSchema>;

export const mappingViewSchema = z.object({
  id: z.uuid(),
  connectionId: z.uuid(),
  idpGroup: z.string(),
  orgRole: z.string().nullable(),
  teamId: z.uuid().nullable(),
  teamRole: z.string().nullable(),
  createdAt: z.string(),
});

export const listMappingsQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().optional(),
  idpGroup: z.string().optional(),
});
export const connectionIdParams = z.object({ id: z.uuid() });
export const mappingParams = z.object({ id: z.uuid(), mappingId: z.uuid() });
