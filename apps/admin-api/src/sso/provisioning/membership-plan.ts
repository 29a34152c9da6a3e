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

export interface CurrentMembership {
  id: string;
  teamId: string | null;
  role: MembershipRole;
  /** Granted by a group mapping or SCIM (only those are ever changed or removed). */
  provisioned: boolean;
}

export interface MembershipChanges {
  remove: CurrentMembership[];
  change: Array<{ membership: CurrentMembership; role: MembershipRole }>;
  add: Array<{ teamId: string | null; role: MembershipRole }>;
}

/**
 * What makes the user's provisioned memberships equal to `desired`: provisioned ones that are no longer
 * mapped go, changed roles change, new places are added; manual memberships are never touched (and a
 * place that already has one is not added again). With nothing desired and nothing manual the user gets
 * an org-wide `viewer` membership, so a signed-in person always lands in the org.
 */
export function planMembershipChanges(existing: readonly CurrentMembership[], desired: DesiredMemberships): MembershipChanges {
  const wanted: DesiredMemberships = new Map(desired);
  if (wanted.size === 0 && !existing.some((m) => !m.provisioned)) wanted.set(ORG_WIDE, 'viewer');
  const changes: MembershipChanges = { remove: [], change: [], add: [] };
  for (const membership of existing) {
    if (!membership.provisioned) continue;
    const role = wanted.get(membership.teamId ?? ORG_WIDE);
    if (!role) changes.remove.push(membership);
    else if (role !== membership.role) changes.change.push({ membership, role });
  }
  for (const [place, role] of wanted) {
    const teamId = place === ORG_WIDE ? null : place;
    if (!existing.some((m) => m.teamId === teamId)) changes.add.push({ teamId, role });
  }
  return changes;
}
