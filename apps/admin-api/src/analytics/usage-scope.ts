import { rolesHavePermission, roleHasPermission } from '../auth/permissions';
import { orgIdOf, type Principal } from '../auth/principal';

/**
 * Which usage (rollups, request logs) a caller may read in their organization: all of it
 * (`analytics:read:any`: owner, admin, auditor), or the teams they administer
 * (`analytics:read:team`) plus their own keys and their own requests.
 */
export type UsageScope =
  | { orgId: string; wholeOrg: true }
  | { orgId: string; wholeOrg: false; userId: string; teamIds: string[] };

export function usageScopeOf(principal: Principal): UsageScope {
  const orgId = orgIdOf(principal);
  if (rolesHavePermission(principal.roles, 'analytics:read:any')) return { orgId, wholeOrg: true };
  const teamIds = principal.memberships
    .filter((m) => m.orgId === orgId && m.teamId && roleHasPermission(m.role, 'analytics:read:team'))
    .map((m) => m.teamId as string);
  return { orgId, wholeOrg: false, userId: principal.userId, teamIds: [...new Set(teamIds)] };
}

/** Positional SQL parameters collected while a query is built. */
export class SqlParams {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/**
 * WHERE conditions restricting `alias` (a usage_rollups or request_logs row) to the scope. Rows of
 * teams the caller administers, of keys the caller owns, or of requests made as the caller.
 */
export function scopeConditions(scope: UsageScope, alias: string, params: SqlParams): string[] {
  const org = params.add(scope.orgId);
  const conditions = [`${alias}.org_id = ${org}`];
  if (scope.wholeOrg) return conditions;
  const me = params.add(scope.userId);
  const own = `${alias}.user_id = ${me} OR ${alias}.api_key_id IN (SELECT k.id FROM api_keys k WHERE k.org_id = ${org} AND k.user_id = ${me})`;
  conditions.push(scope.teamIds.length ? `(${alias}.team_id = ANY(${params.add(scope.teamIds)}::uuid[]) OR ${own})` : `(${own})`);
  return conditions;
}
