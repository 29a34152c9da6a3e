import { z } from 'zod';
import { MEMBERSHIP_ROLES } from '@sluice/db';
import { pageQueryFields, sortSchema } from '../list-query';

/** Roles inside a team. Org-wide roles (owner, admin, auditor) are set on the user, never through a team. */
export const TEAM_ROLES = ['team_admin', 'developer', 'viewer'] as const;
export const teamRoleSchema = z.enum(TEAM_ROLES);
export type TeamRole = z.output<typeof teamRoleSchema>;

export const teamMemberParams = z.object({ id: z.uuid(), userId: z.uuid() });

export const addTeamMemberSchema = z.strictObject({ userId: z.uuid(), role: teamRoleSchema });
export type AddTeamMemberInput = z.output<typeof addTeamMemberSchema>;

export const changeTeamMemberSchema = z.strictObject({ role: teamRoleSchema });

export const MEMBER_SORTS = ['email', 'displayName'] as const;
export const listTeamMembersQuerySchema = z.strictObject({
  ...pageQueryFields,
  role: teamRoleSchema.optional(),
  q: z.string().trim().min(1).max(200).optional().describe('Part of the email or display name (case-insensitive).'),
  sort: sortSchema(MEMBER_SORTS, 'email'),
});
export type ListTeamMembersQuery = z.output<typeof listTeamMembersQuerySchema>;

export const teamMemberViewSchema = z.object({
  userId: z.uuid(),
  teamId: z.uuid(),
  email: z.string(),
  displayName: z.string(),
  status: z.enum(['active', 'suspended', 'deactivated']),
  role: z.enum(MEMBERSHIP_ROLES),
  createdAt: z.iso.datetime({ offset: true }).describe('When the user joined the team.'),
});
export type TeamMemberView = z.output<typeof teamMemberViewSchema>;

export const removedTeamMemberSchema = z.object({ userId: z.uuid(), teamId: z.uuid(), revokedKeyIds: z.array(z.uuid()) });
