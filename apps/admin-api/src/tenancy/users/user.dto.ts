import { z } from 'zod';
import { MEMBERSHIP_ROLES, USER_STATUSES, type Membership, type User } from '@sluice/db';
import { pageQueryFields, sortSchema } from '../list-query';
import { teamRoleSchema } from '../memberships/team-member.dto';
import { signInMethodsSchema, type SignInMethods } from './sign-in-methods';

const membershipRole = z.enum(MEMBERSHIP_ROLES);
const email = z.email().max(320).transform((e) => e.trim());
const displayName = z.string().trim().min(1).max(200);

/**
 * Invites a person: creates the user (no password: they sign in with SSO) or, when the email is
 * known from another organization, adds memberships to that user. At least one role is required.
 */
export const createUserSchema = z
  .strictObject({
    email,
    displayName,
    role: membershipRole.optional().describe('Org-wide role. Only owners may grant owner.'),
    teams: z.array(z.strictObject({ teamId: z.uuid(), role: teamRoleSchema })).max(50).default([]),
  })
  .refine((v) => v.role !== undefined || v.teams.length > 0, 'Give the user an org-wide role or at least one team.');
export type CreateUserInput = z.output<typeof createUserSchema>;

export const updateUserSchema = z
  .strictObject({
    displayName: displayName.optional(),
    status: z.enum(USER_STATUSES).optional().describe('suspended or deactivated ends every session of the user; deactivated also revokes their keys in this org.'),
    role: membershipRole.nullable().optional().describe('Org-wide role; null removes it (team memberships stay).'),
  })
  .refine((v) => Object.keys(v).length > 0, 'Send at least one field to change.');
export type UpdateUserInput = z.output<typeof updateUserSchema>;

export const USER_SORTS = ['email', 'displayName', 'createdAt'] as const;
export const listUsersQuerySchema = z.strictObject({
  ...pageQueryFields,
  status: z.enum(USER_STATUSES).optional(),
  teamId: z.uuid().optional().describe('Only members of this team.'),
  role: membershipRole.optional().describe('Only users holding this role (org-wide or in a team).'),
  q: z.string().trim().min(1).max(200).optional().describe('Part of the email or display name (case-insensitive).'),
  sort: sortSchema(USER_SORTS, 'email'),
});
export type ListUsersQuery = z.output<typeof listUsersQuerySchema>;

/** What the audit trail records of a user (user.invited, user.updated, user.removed). */
const userRecordSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  displayName: z.string(),
  status: z.enum(USER_STATUSES),
  orgRole: membershipRole.nullable().describe('The org-wide role in the active organization, if any.'),
  teams: z.array(z.object({ teamId: z.uuid(), role: membershipRole })),
  lastLoginAt: z.iso.datetime({ offset: true }).nullable(),
  createdAt: z.iso.datetime({ offset: true }),
});
export type UserRecord = z.output<typeof userRecordSchema>;

export const userViewSchema = userRecordSchema.extend({ signIn: signInMethodsSchema });
export type UserView = z.output<typeof userViewSchema>;

export const removedUserSchema = z.object({ id: z.uuid(), revokedKeyIds: z.array(z.uuid()) });

/** The user as seen from one organization: only that org's memberships. Never the password hash. */
export function toUserRecord(user: User, memberships: readonly Membership[]): UserRecord {
  const orgWide = memberships.find((m) => m.teamId === null);
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    status: user.status,
    orgRole: orgWide?.role ?? null,
    teams: memberships.filter((m) => m.teamId !== null).map((m) => ({ teamId: m.teamId as string, role: m.role })),
    lastLoginAt: user.lastLoginAt?.toISOString() ?? null,
    createdAt: user.createdAt.toISOString(),
  };
}

export function toUserView(record: UserRecord, signIn: SignInMethods): UserView {
  return { ...record, signIn };
}
