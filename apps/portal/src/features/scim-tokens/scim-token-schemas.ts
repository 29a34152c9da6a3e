import { z } from 'zod';

/** `GET /api/v1/scim/tokens` items: never the secret. */
export const scimTokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  displayPrefix: z.string(),
  revokeKeysOnDeactivate: z.boolean(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type ScimToken = z.output<typeof scimTokenSchema>;

/** `POST /api/v1/scim/tokens`: the one answer that carries the secret. */
export const scimTokenWithSecretSchema = z.object({ token: scimTokenSchema, secret: z.string() });
export type ScimTokenWithSecret = z.output<typeof scimTokenWithSecretSchema>;

/** Where the IdP sends SCIM requests: the admin API's public base (the portal's origin by default) + /scim/v2. */
export function scimBaseUrl(origin: string): string {
  return `${origin.replace(/\/+$/, '')}/scim/v2`;
}
