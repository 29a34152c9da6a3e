import { z } from 'zod';

/** Every role but owner; team_admin and developer act in the account's team. */
export const SERVICE_ACCOUNT_ROLES = ['admin', 'team_admin', 'developer', 'auditor', 'viewer'] as const;
export const TEAM_SCOPED_ROLES: readonly string[] = ['team_admin', 'developer'];

export const serviceAccountSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  role: z.string(),
  teamId: z.string().nullable(),
  disabledAt: z.string().nullable(),
  createdAt: z.string(),
});
export type ServiceAccount = z.output<typeof serviceAccountSchema>;

export const serviceAccountTokenSchema = z.object({
  id: z.string(),
  serviceAccountId: z.string(),
  name: z.string(),
  displayPrefix: z.string(),
  expiresAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  createdAt: z.string(),
});
export type ServiceAccountToken = z.output<typeof serviceAccountTokenSchema>;

export const tokenWithSecretSchema = z.object({ token: serviceAccountTokenSchema, secret: z.string() });
export type TokenWithSecret = z.output<typeof tokenWithSecretSchema>;

/** `YYYY-MM-DD` from a date input → the end of that day in UTC, as the admin API expects (ISO with offset). */
export function expiryFromDateInput(value: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
  return new Date(`${value}T23:59:59.000Z`).toISOString();
}
