import type { MembershipRole } from '@sluice/db';

/** Stronger roles first: when several groups map to the same place, the strongest role wins. */
const ROLE_RANK: readonly MembershipRole[] = ['owner', 'admin', 'team_admin', 'developer', 'auditor', 'viewer'];

export interface MappingRule {
  idpGroup: string;
  orgRole: MembershipRole | null;
  teamId: string | null;
  teamRole: MembershipRole | null;
}

/** Desired memberships in one org: key `org` (org-wide) or a team id → role. */
export type DesiredMemberships = Map<string, MembershipRole>;

export const ORG_WIDE = 'org';

/** The memberships a user's IdP groups grant through the mapping rules (group names compare exactly). */
export function desiredMemberships(groups: readonly string[], rules: readonly MappingRule[]): DesiredMemberships {
  const held = new Set(groups);
  const desired: DesiredMemberships = new Map();
  const grant = (place: string, role: MembershipRole) => {
    const current = desired.get(place);
    if (!current || ROLE_RANK.indexOf(role) < ROLE_RANK.indexOf(current)) desired.set(place, role);
  };
  for (const rule of rules) {
    if (!held.has(rule.idpGroup)) continue;
    if (rule.orgRole) grant(ORG_WIDE, rule.orgRole);
    if (rule.teamId && rule.teamRole) grant(rule.teamId, rule.teamRole);
  }
  return desired;
}
