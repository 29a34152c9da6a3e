import { rolesHavePermission, roleHasPermission } from '../auth/permissions';
import { orgIdOf, type Caller } from '../auth/principal';

/** What the caller may see and change among the teams of their active organization. */
export interface TeamAccess {
  orgId: string;
  /** Sees every team of the org (owner, admin, auditor). */
  seeAny: boolean;
  /** Changes every team of the org (owner, admin). */
  manageAny: boolean;
  /** Teams the caller has a membership in. */
  memberTeams: Set<string>;
  /** Teams the caller administers (team_admin there). */
  managedTeams: Set<string>;
}

export function teamAccessOf(caller: Caller): TeamAccess {
  const orgId = orgIdOf(caller);
  const inOrg = caller.memberships.filter((m) => m.orgId === orgId && m.teamId !== null);
  return {
    orgId,
    seeAny: rolesHavePermission(caller.roles, 'teams:read:any'),
    manageAny: rolesHavePermission(caller.roles, 'teams:manage:any'),
    memberTeams: new Set(inOrg.map((m) => m.teamId as string)),
    managedTeams: new Set(inOrg.filter((m) => roleHasPermission(m.role, 'teams:manage:own')).map((m) => m.teamId as string)),
  };
}

export function canSeeTeam(access: TeamAccess, teamId: string): boolean {
  return access.seeAny || access.memberTeams.has(teamId) || access.managedTeams.has(teamId);
}

export function canManageTeam(access: TeamAccess, teamId: string): boolean {
  return access.manageAny || access.managedTeams.has(teamId);
}
