import type { Me } from '../api/me-schema';

/** The cookie that remembers which organization a multi-org user acts in (an org id, not a secret). */
export const ORG_COOKIE = 'sluice_org';

export interface OrgChoice {
  id: string;
  slug: string;
  name: string;
}

/** The organizations the user belongs to, each once, by name. */
export function orgsOf(me: Me): OrgChoice[] {
  const byId = new Map<string, OrgChoice>();
  for (const m of me.memberships) if (!byId.has(m.orgId)) byId.set(m.orgId, { id: m.orgId, slug: m.orgSlug, name: m.orgName || m.orgSlug });
  return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** The remembered org when the user still belongs to it, else the admin API's choice, else the first by name. */
export function resolveActiveOrg(me: Me, remembered: string | undefined): string | null {
  const orgs = orgsOf(me);
  if (remembered && orgs.some((o) => o.id === remembered)) return remembered;
  if (me.activeOrgId && orgs.some((o) => o.id === me.activeOrgId)) return me.activeOrgId;
  return orgs[0]?.id ?? null;
}
