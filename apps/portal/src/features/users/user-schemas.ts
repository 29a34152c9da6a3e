import { z } from 'zod';
import { signInMethodsSchema } from './sign-in-methods';

export const USER_STATUSES = ['active', 'suspended', 'deactivated'] as const;
export const ORG_ROLES = ['owner', 'admin', 'team_admin', 'developer', 'auditor', 'viewer'] as const;

/** `GET /api/v1/users` items: the user as seen from the active organization. */
export const orgUserSchema = z.object({
  id: z.string(),
  email: z.string(),
  displayName: z.string(),
  status: z.enum(USER_STATUSES),
  orgRole: z.string().nullable(),
  teams: z.array(z.object({ teamId: z.string(), role: z.string() })),
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
  signIn: signInMethodsSchema,
});
export type OrgUser = z.output<typeof orgUserSchema>;

export const STATUS_LABELS: Record<OrgUser['status'], string> = { active: 'Active', suspended: 'Suspended', deactivated: 'Deactivated' };
