import type { MembershipRole } from '@sluice/db';

/**
 * Every permission the admin API checks. `…:own` = the caller's own objects, `…:team` = objects of
 * teams the caller administers or belongs to, `…:any` = every object of the caller's organization.
 * Nothing ever crosses organizations.
 */
export const PERMISSIONS = [
  'session:read',
  'stats:read',
  'api_keys:read:own',
  'api_keys:read:any',
  'api_keys:manage:own',
  'api_keys:manage:team',
  'api_keys:manage:any',
  'audit:read',
  'audit:export',
  'org:read',
  'org:manage',
  /** Usage analytics and request logs: own keys (everyone), teams administered (`:team`), the whole org (`:any`). */
  'analytics:read',
  'analytics:read:team',
  'analytics:read:any',
  /** Usage (chargeback) reports of the whole org. */
  'usage_reports:export',
  /** Create another organization (the creator becomes its owner). */
  'org:create',
  /** Teams: see teams one belongs to (everyone) or every team (`:any`); change teams one administers (`:own`) or any (`:any`). */
  'teams:read',
  'teams:read:any',
  'teams:manage:own',
  'teams:manage:any',
  /** Users of the org: list and read; invite, change, deactivate and set org roles. */
  'users:read',
  'users:manage',
  /** Service accounts and their bearer tokens. */
  'service_accounts:read',
  'service_accounts:manage',
  /** SSO connections (OIDC/SAML), their group mappings, and SCIM tokens. */
  'sso:manage',
  /** Upstream providers (credentials are write-only) and deployments of catalog models on them. */
  'providers:read',
  'providers:manage',
  /** The model catalog: browse (everyone), create/update/deprecate. */
  'models:read',
  'models:manage',
  /** Model access requests: file one for a team one belongs to; see every request of the org; approve or deny. */
  'model_access:request',
  'model_access:read:any',
  'model_access:decide',
  /** Governance policies (limits, budgets, cache, guardrails, logging): read all, read the effective policies of teams one administers (`:team`), change. */
  'policies:read',
  'policies:read:team',
  'policies:manage',
  /** The org's config (providers, models, routing, policies) as the gateway's standalone YAML: export; import (preview and apply). */
  'config:export',
  'config:import',
  /** Alert webhooks and their delivery log: read; create, change, delete, send a test. */
  'webhooks:read',
  'webhooks:manage',
  /** Dead-lettered worker jobs of the org: list (payload summarized, never shown); send back to their queue or discard. */
  'dead_letters:read',
  'dead_letters:manage',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const VIEWER: readonly Permission[] = ['models:read', 'session:read', 'stats:read', 'org:read', 'api_keys:read:own', 'analytics:read', 'teams:read'];
const DEVELOPER: readonly Permission[] = [...VIEWER, 'model_access:request', 'api_keys:manage:own'];
const TEAM_ADMIN: readonly Permission[] = [...DEVELOPER, 'api_keys:manage:team', 'analytics:read:team', 'teams:manage:own', 'users:read', 'policies:read:team'];
const AUDITOR: readonly Permission[] = [...VIEWER, 'providers:read', 'model_access:read:any', 'api_keys:read:any', 'audit:read', 'audit:export', 'analytics:read:any', 'usage_reports:export', 'teams:read:any', 'users:read', 'service_accounts:read', 'policies:read', 'policies:read:team', 'config:export', 'webhooks:read', 'dead_letters:read'];
const ADMIN: readonly Permission[] = [...TEAM_ADMIN, 'providers:read', 'providers:manage', 'models:manage', 'model_access:read:any', 'model_access:decide', 'api_keys:read:any', 'api_keys:manage:any', 'audit:read', 'audit:export', 'org:manage', 'analytics:read:any', 'usage_reports:export', 'teams:read:any', 'teams:manage:any', 'users:manage', 'service_accounts:read', 'service_accounts:manage', 'sso:manage', 'policies:read', 'policies:manage', 'config:export', 'config:import', 'webhooks:read', 'webhooks:manage', 'dead_letters:read', 'dead_letters:manage'];

/** The one permission matrix: role → what it may do. Tested route by route (see authorization-matrix tests). */
export const ROLE_PERMISSIONS: Readonly<Record<MembershipRole, ReadonlySet<Permission>>> = {
  owner: new Set([...ADMIN, 'org:create']),
  admin: new Set(ADMIN),
  team_admin: new Set(TEAM_ADMIN),
  developer: new Set(DEVELOPER),
  auditor: new Set(AUDITOR),
  viewer: new Set(VIEWER),
};

export function roleHasPermission(role: MembershipRole, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].has(permission);
}

export function rolesHavePermission(roles: Iterable<MembershipRole>, permission: Permission): boolean {
  for (const role of roles) if (roleHasPermission(role, permission)) return true;
  return false;
}
