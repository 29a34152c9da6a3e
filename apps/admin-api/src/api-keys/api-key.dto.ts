import { z } from 'zod';
import type { ApiKey } from '@sluice/db';

const modelName = z.string().trim().min(1).max(200);
const metadata = z.record(z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/), z.string().max(256)).refine((m) => Object.keys(m).length <= 50, 'at most 50 tags');
/** The longest a rotated-out secret may keep working. */
export const MAX_ROTATION_GRACE_SECONDS = 7 * 24 * 60 * 60;

/** Only what the caller may choose: org, owner, hash and prefix come from the server (strict: extra fields are 400). */
export const createApiKeySchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  teamId: z.uuid(),
  allowedModels: z.array(modelName).max(200).default([]),
  expiresAt: z.iso.datetime({ offset: true }).optional(),
  metadata: metadata.default({}),
  serviceAccountId: z.uuid().optional().describe('Owner and admin only: the key belongs to this service account instead of the caller.'),
});
export type CreateApiKeyInput = z.output<typeof createApiKeySchema>;

export const emptyBodySchema = z.strictObject({});

/** Name, tags and expiry; owner, team, models and secrets are not changed here (strict: other fields are 400). */
export const updateApiKeySchema = z
  .strictObject({
    name: z.string().trim().min(1).max(200).optional(),
    metadata: metadata.optional().describe('Replaces all tags.'),
    expiresAt: z.iso.datetime({ offset: true }).nullable().optional().describe('null: never expires.'),
  })
  .refine((v) => Object.keys(v).length > 0, 'Send at least one field to change.');
export type UpdateApiKeyInput = z.output<typeof updateApiKeySchema>;

export const rotateApiKeySchema = z.strictObject({
  gracePeriodSeconds: z
    .number()
    .int()
    .min(0)
    .max(MAX_ROTATION_GRACE_SECONDS)
    .default(0)
    .describe('How long the old secret keeps working next to the new one (at most 7 days); 0 ends it at once.'),
});

export const listApiKeysQuerySchema = z.strictObject({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  teamId: z.uuid().optional(),
  includeRevoked: z.enum(['true', 'false']).default('true'),
});
export type ListApiKeysQuery = z.output<typeof listApiKeysQuerySchema>;

/** The key's own columns, as audit events record it before and after a change. */
export const apiKeyRecordSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  displayPrefix: z.string().describe('The first characters of the secret, to recognise a key; the secret itself is never stored.'),
  orgId: z.uuid(),
  teamId: z.uuid().nullable(),
  userId: z.uuid().nullable(),
  serviceAccountId: z.uuid().nullable(),
  allowedModels: z.array(z.string()),
  metadata: z.record(z.string(), z.string()),
  expiresAt: z.iso.datetime({ offset: true }).nullable(),
  revokedAt: z.iso.datetime({ offset: true }).nullable(),
  previousSecretExpiresAt: z.iso.datetime({ offset: true }).nullable().describe('Until then the secret replaced by the last rotation still works.'),
  lastUsedAt: z.iso.datetime({ offset: true }).nullable(),
  createdAt: z.iso.datetime({ offset: true }),
});
export type ApiKeyRecord = z.output<typeof apiKeyRecordSchema>;

/** A key as the API answers: its record, its team's current name (an org admin need not be a member of the team) and who owns it. */
export const apiKeyViewSchema = apiKeyRecordSchema.extend({
  teamName: z.string().nullable().describe('The current name of the key’s team, for display.'),
  ownerName: z.string().nullable().describe('Who owns the key, for display: the user’s email, or "name (service account)".'),
});
export type ApiKeyView = z.output<typeof apiKeyViewSchema>;

export const apiKeyWithSecretSchema = z.object({
  key: apiKeyViewSchema,
  secret: z.string().describe('The key secret (`sk-sluice-…`), shown only in this answer.'),
});

export function toApiKeyView(key: ApiKey, teamName: string | null, ownerName: string | null): ApiKeyView {
  return { ...toApiKeyRecord(key), teamName, ownerName };
}

/** Never includes the hash. */
export function toApiKeyRecord(key: ApiKey): ApiKeyRecord {
  return {
    id: key.id,
    name: key.name,
    displayPrefix: key.displayPrefix,
    orgId: key.orgId,
    teamId: key.teamId,
    userId: key.userId,
    serviceAccountId: key.serviceAccountId,
    allowedModels: key.allowedModels,
    metadata: key.metadata,
    expiresAt: key.expiresAt?.toISOString() ?? null,
    revokedAt: key.revokedAt?.toISOString() ?? null,
    previousSecretExpiresAt: key.previousHashExpiresAt?.toISOString() ?? null,
    lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
    createdAt: key.createdAt.toISOString(),
  };
}
