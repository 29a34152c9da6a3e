import type { Membership } from '../api/me-schema';

export const ROLES = ['owner', 'admin', 'team_admin', 'developer', 'auditor', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

/**
 * What the portal shows to whom. This mirrors the admin API's permission matrix
 * (apps/admin-api/src/auth/permissions.ts) only to decide what to offer: every call is still
 * authorized by the admin API, which is the authority.
 */
const CAPABILITY_ROLES = {
  /** Create, rotate and revoke one's own API keys. */
  'api-keys:manage': ['owner', 'admin', 'team_admin', 'developer'],
  /** Create keys in any team of the org, not only one's own teams. */
  'api-keys:manage-any': ['owner', 'admin'],
  /** Search and verify the audit trail. */
  'audit:read': ['owner', 'admin', 'auditor'],
  /** Chargeback CSV reports per team/model and period. */
  'usage-reports:export': ['owner', 'admin', 'auditor'],
  /** Ask for a model for one's team. */
  'models:request': ['owner', 'admin', 'team_admin', 'developer'],
  /** See every model access request of the org (the admin API's model_access:read:any), not only one's teams'. */
  'models:requests-any': ['owner', 'admin', 'auditor'],
  /** Approve or deny model access requests. */
  'models:decide': ['owner', 'admin'],
  /** Upstream providers: see them (credentials are never shown) … */
  'providers:view': ['owner', 'admin', 'auditor'],
  /** … and add, change, disable them and replace their credentials. */
  'providers:manage': ['owner', 'admin'],
  /** The Teams section: teams, members, allowed models, budgets and limits (auditors read every team, the admin API's teams:read:any and policies:read). */
  'teams:view': ['owner', 'admin', 'team_admin', 'auditor'],
  /** See every team of the org (the admin API's teams:read:any), e.g. in filters and the teams with access to a model; others see their own. */
  'teams:read-any': ['owner', 'admin', 'auditor'],
  /** Create teams, change their allowed models, budgets and limits. */
  'teams:manage-any': ['owner', 'admin'],
  /** Add, re-role and remove team members (team admins in their own teams; the admin API checks which). */
  'teams:members': ['owner', 'admin', 'team_admin'],
  /** SSO connections and SCIM tokens. */
  'sso:manage': ['owner', 'admin'],
  /** Alert webhooks and their delivery logs: see them (secrets are never returned; the admin API's webhooks:read) … */
  'webhooks:view': ['owner', 'admin', 'auditor'],
  /** … and add, change, delete them and send a test alert. */
  'webhooks:manage': ['owner', 'admin'],
  /** The worker's dead-lettered jobs, summarized (the admin API's dead_letters:read) … */
  'dead-letters:view': ['owner', 'admin', 'auditor'],
  /** … and retry or discard them (dead_letters:manage). */
  'dead-letters:manage': ['owner', 'admin'],
  /** Download the org's config as YAML (provider credentials are ${ENV} placeholders, keys are not in it) … */
  'config:export': ['owner', 'admin', 'auditor'],
  /** … and import a changed file after a preview. */
  'config:import': ['owner', 'admin'],
  /** Service accounts and their tokens' metadata (prefix, expiry, last use — never a secret) … */
  'service-accounts:view': ['owner', 'admin', 'auditor'],
  /** … and create, enable/disable them, issue and revoke tokens. */
  'service-accounts:manage': ['owner', 'admin'],
  /** The org's users with their roles, team memberships, status and last sign-in (the admin API's users:read) … */
  'users:view': ['owner', 'admin', 'team_admin', 'auditor'],
  /** … and add users, change org roles, deactivate. */
  'users:manage': ['owner', 'admin'],
  /** Chat with the team's models in the playground (a short-lived key of one's own). */
  'playground:use': ['owner', 'admin', 'team_admin', 'developer'],
  /** Edit the model catalog: prices, status, deprecation, description, tags; add models. */
  'models:manage': ['owner', 'admin'],
  /** Policies (rate limits, budgets, caching, guardrails, logging): see them … */
  'policies:view': ['owner', 'admin', 'auditor'],
  /** … and create, change, attach and detach them. */
  'policies:manage': ['owner', 'admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Capability = keyof typeof CAPABILITY_ROLES;

/** The roles a user holds in one organization: org-wide and per-team memberships together. */
export function rolesIn(memberships: readonly Membership[], orgId: string | null): Role[] {
  const roles = memberships.filter((m) => m.orgId === orgId).map((m) => m.role);
  return [...new Set(roles)].filter((role): role is Role => (ROLES as readonly string[]).includes(role));
}

export function can(roles: readonly Role[], capability: Capability): boolean {
  const allowed: readonly Role[] = CAPABILITY_ROLES[capability];
  return roles.some((role) => allowed.includes(role));
}

/**
 * The teams of one organization whose own membership grants the capability, by name. The admin API
 * judges team actions (a key, a playground key, a model request for a team) by the role held in that
 * team: a developer of one team who is a viewer of another may not act for the second.
 */
export function teamsWhere(memberships: readonly Membership[], orgId: string | null, capability: Capability): Array<{ id: string; name: string }> {
  const teams = new Map<string, string>();
  for (const m of memberships) {
    if (m.orgId !== orgId || !m.teamId) continue;
    if ((ROLES as readonly string[]).includes(m.role) && can([m.role as Role], capability)) teams.set(m.teamId, m.teamName ?? m.teamId);
  }
  return [...teams].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name));
}

const ROLE_LABELS: Record<Role, string> = {
  owner: 'Owner',
  admin: 'Admin',
  team_admin: 'Team admin',
  developer: 'Developer',
  auditor: 'Auditor',
  viewer: 'Viewer',
};

export function roleLabel(role: string): string {
  return ROLE_LABELS[role as Role] ?? role;
}
