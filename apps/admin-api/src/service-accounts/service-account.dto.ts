import { z } from 'zod';
import { SERVICE_ACCOUNT_ROLES, type ServiceAccount, type ServiceAccountToken } from '@sluice/db';
import { pageQueryFields, sortSchema } from '../tenancy/list-query';

const name = z.string().trim().min(1).max(200);
const description = z.string().trim().max(2000);
const role = z.enum(SERVICE_ACCOUNT_ROLES).describe('Every role but owner; team_admin and developer act in the account’s team.');

/** org id, timestamps and disabled state come from the server (strict: extra fields are 400). */
export const createServiceAccountSchema = z.strictObject({
  name,
  description: description.default(''),
  role,
  teamId: z.uuid().nullable().default(null),
});
export type CreateServiceAccountInput = z.output<typeof createServiceAccountSchema>;

export const updateServiceAccountSchema = z
  .strictObject({
    name: name.optional(),
    description: description.optional(),
    role: role.optional(),
    teamId: z.uuid().nullable().optional(),
    disabled: z.boolean().optional().describe('A disabled account’s tokens stop working at once.'),
  })
  .refine((v) => Object.keys(v).length > 0, 'Send at least one field to change.');
export type UpdateServiceAccountInput = z.output<typeof updateServiceAccountSchema>;

export const SERVICE_ACCOUNT_SORTS = ['name', 'createdAt'] as const;
export const listServiceAccountsQuerySchema = z.strictObject({
  ...pageQueryFields,
  teamId: z.uuid().optional(),
  role: role.optional(),
  q: z.string().trim().min(1).max(200).optional().describe('Part of the name (case-insensitive).'),
  includeDisabled: z.enum(['true', 'false']).default('true'),
  sort: sortSchema(SERVICE_ACCOUNT_SORTS, 'name'),
});
export type ListServiceAccountsQuery = z.output<typeof listServiceAccountsQuerySchema>;

export const serviceAccountViewSchema = z.object({
  id: z.uuid(),
  orgId: z.uuid(),
  name: z.string(),
  description: z.string(),
  role: z.enum(SERVICE_ACCOUNT_ROLES),
  teamId: z.uuid().nullable(),
  disabledAt: z.iso.datetime({ offset: true }).nullable(),
  createdAt: z.iso.datetime({ offset: true }),
});
export type ServiceAccountView = z.output<typeof serviceAccountViewSchema>;

export function toServiceAccountView(account: ServiceAccount): ServiceAccountView {
  return {
    id: account.id,
    orgId: account.orgId,
    name: account.name,
    description: account.description,
    role: account.role,
    teamId: account.teamId,
    disabledAt: account.disabledAt?.toISOString() ?? null,
    createdAt: account.createdAt.toISOString(),
  };
}

export const tokenParams = z.object({ id: z.uuid(), tokenId: z.uuid() });

export const createTokenSchema = z.strictObject({
  name: name,
  expiresAt: z.iso.datetime({ offset: true }).optional().describe('When the token stops working; none means until revoked.'),
});
export type CreateTokenInput = z.output<typeof createTokenSchema>;

export const listTokensQuerySchema = z.strictObject({
  ...pageQueryFields,
  includeRevoked: z.enum(['true', 'false']).default('true'),
});
export type ListTokensQuery = z.output<typeof listTokensQuerySchema>;

export const tokenViewSchema = z.object({
  id: z.uuid(),
  serviceAccountId: z.uuid(),
  name: z.string(),
  displayPrefix: z.string().describe('The first characters of the token; the token itself is never stored.'),
  expiresAt: z.iso.datetime({ offset: true }).nullable(),
  revokedAt: z.iso.datetime({ offset: true }).nullable(),
  lastUsedAt: z.iso.datetime({ offset: true }).nullable(),
  createdAt: z.iso.datetime({ offset: true }),
});
export type TokenView = z.output<typeof tokenViewSchema>;

export const tokenWithSecretSchema = z.object({
  token: tokenViewSchema,
  secret: z.string().describe('The bearer token (`sat-sluice-…`), shown only in this answer.'),
});

/** Never includes the hash. */
export function toTokenView(token: ServiceAccountToken): TokenView {
  return {
    id: token.id,
    serviceAccountId: token.serviceAccountId,
    name: token.name,
    displayPrefix: token.displayPrefix,
    expiresAt: token.expiresAt?.toISOString() ?? null,
    revokedAt: token.revokedAt?.toISOString() ?? null,
    lastUsedAt: token.lastUsedAt?.toISOString() ?? null,
    createdAt: token.createdAt.toISOString(),
  };
}

export const emptyBodySchema = z.strictObject({});
