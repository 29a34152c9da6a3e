import { z } from 'zod';

/** `GET /api/v1/auth/me`: who is signed in, where they are a member, and the CSRF token for changes. */
export const membershipSchema = z.object({
  orgId: z.string(),
  orgSlug: z.string(),
  orgName: z.string(),
  teamId: z.string().nullable(),
  teamName: z.string().nullable(),
  role: z.string(),
});
export type Membership = z.output<typeof membershipSchema>;

export const meSchema = z.object({
  user: z.object({ id: z.string(), email: z.string(), displayName: z.string() }),
  memberships: z.array(membershipSchema),
  activeOrgId: z.string().nullable(),
  csrfToken: z.string(),
});
export type Me = z.output<typeof meSchema>;

/** A cursor page as every admin API list returns it. */
export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}
