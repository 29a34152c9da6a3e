import { z } from 'zod';
import type { ApiKey } from '@sluice/db';

const modelName = z.string().trim().min(1).max(200);

/** Only what the caller may choose: org, owner, hash and prefix come from the server (strict: extra fields are 400). */
export const createApiKeySchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  teamId: z.uuid(),
  allowedModels: z.array(modelName).max(200).default([]),
  expiresAt: z.iso.datetime({ offset: true }).optional(),
  metadata: z.record(z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/), z.string().max(256)).default({}),
});
export type CreateApiKeyInput = z.output<typeof createApiKeySchema>;

export const emptyBodySchema = z.strictObject({});

export const listApiKeysQuerySchema = z.strictObject({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  teamId: z.uuid().optional(),
  includeRevoked: z.enum(['true', 'false']).default('true'),
});
export type ListApiKeysQuery = z.output<typeof listApiKeysQuerySchema>;

export const apiKeyViewSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  displayPrefix: z.string().describe('The first characters of the secret, to recognise a key; the secret itself is never stored.'),
  orgId: z.uuid(),
  teamId: z.uuid().nullable(),
  userId: z.uuid().nullable(),
  allowedModels: z.array(z.string()),
  metadata: z.record(z.string(), z.string()),
  expiresAt: z.iso.datetime({ offset: true }).nullable(),
  revokedAt: z.iso.datetime({ offset: true }).nullable(),
  lastUsedAt: z.iso.datetime({ offset: true }).nullable(),
  createdAt: z.iso.datetime({ offset: true }),
});
export type ApiKeyView = z.output<typeof apiKeyViewSchema>;

export const apiKeyWithSecretSchema = z.object({
  key: apiKeyViewSchema,
  secret: z.string().describe('The key secret (`sk-sluice-…`), shown only in this answer.'),
});

/** Never includes the hash. */
export function toApiKeyView(key: ApiKey): ApiKeyView {
  return {
    id: key.id,
    name: key.name,
    displayPrefix: key.displayPrefix,
    orgId: key.orgId,
    teamId: key.teamId,
    userId: key.userId,
    allowedModels: key.allowedModels,
    metadata: key.metadata,
    expiresAt: key.expiresAt?.toISOString() ?? null,
    revokedAt: key.revokedAt?.toISOString() ?? null,
    lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
    createdAt: key.createdAt.toISOString(),
  };
}
