import { z } from 'zod';
import { pageSchema } from '../../api/me-schema';

/** `GET /api/v1/api-keys` items (the admin API never returns the secret or its hash). */
export const apiKeySchema = z.object({
  id: z.string(),
  name: z.string(),
  displayPrefix: z.string(),
  orgId: z.string(),
  teamId: z.string().nullable(),
  /** The team's current name: an org admin sees keys of teams they are not a member of. */
  teamName: z.string().nullable(),
  userId: z.string().nullable(),
  /** Who owns the key: the user's email, or "name (service account)". */
  ownerName: z.string().nullable(),
  allowedModels: z.array(z.string()),
  metadata: z.record(z.string(), z.string()),
  expiresAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  /** Set after a rotation with a grace period: until then the replaced secret still works. */
  previousSecretExpiresAt: z.string().nullable().optional(),
  createdAt: z.string(),
});
export type ApiKey = z.output<typeof apiKeySchema>;

export const apiKeyPageSchema = pageSchema(apiKeySchema);

/** Create and rotate answer with the secret, which is shown this once. */
export const apiKeyWithSecretSchema = z.object({ key: apiKeySchema, secret: z.string() });
export type ApiKeyWithSecret = z.output<typeof apiKeyWithSecretSchema>;

export type KeyStatus = 'active' | 'expired' | 'revoked';

export function keyStatus(key: ApiKey, now = Date.now()): KeyStatus {
  if (key.revokedAt) return 'revoked';
  if (key.expiresAt && Date.parse(key.expiresAt) <= now) return 'expired';
  return 'active';
}
