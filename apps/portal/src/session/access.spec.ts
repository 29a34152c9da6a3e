import type { Me } from '../api/me-schema';
import { can, ROLES, rolesIn, teamsWhere } from './access';
import { orgsOf, resolveActiveOrg } from './active-org';

const ACME = '00000000-0000-4000-8000-00000000000a';
const GLOBEX = '00000000-0000-4000-8000-00000000000b';
const membership = (orgId: string, role: string, teamId: string | null = null) => ({
  orgId,
  orgSlug: orgId === ACME ? 'acme' : 'globex',
  orgName: orgId === ACME ? 'Acme' : 'Globex',
  teamId,
  teamName: teamId ? 'Search' : null,
  role,
});
const me = (memberships: Me['memberships'], activeOrgId: string | null = null): Me => ({
  user: { id: 'u', email: 'a@b.c', displayName: 'A' },
  memberships,
  activeOrgId,
  csrfToken: 't',
});

describe('portal access', () => {
  it('unions org-wide and team roles of the active org only', () => {
    const roles = rolesIn([membership(ACME, 'viewer'), membership(ACME, 'team_admin', 't1'), membership(GLOBEX, 'admin')], ACME);
    expect(roles.sort()).toEqual(['team_admin', 'viewer']);
    expect(can(roles, 'api-keys:manage')).toBe(true);
    expect(can(roles, 'audit:read')).toBe(false);
  });

  it('offers the audit trail to auditors and admins but never to viewers or developers', () => {
    expect(can(['auditor'], 'audit:read')).toBe(true);
    expect(can(['admin'], 'audit:read')).toBe(true);
    expect(can(['viewer'], 'audit:read')).toBe(false);
    expect(can(['developer'], 'audit:read')).toBe(false);
    expect(can(['auditor'], 'api-keys:manage')).toBe(false);
  });

  it('offers the read-only admin views exactly where the admin API grants the read (users:read, service_accounts:read, webhooks:read, dead_letters:read, config:export, teams:read:any)', () => {
    const rolesWith = (capability: Parameters<typeof can>[1]) => ROLES.filter((role) => can([role], capability));
    expect(rolesWith('users:view')).toEqual(['owner', 'admin', 'team_admin', 'auditor']);
    expect(rolesWith('users:manage')).toEqual(['owner', 'admin']);
    expect(rolesWith('service-accounts:view')).toEqual(['owner', 'admin', 'auditor']);
    expect(rolesWith('service-accounts:manage')).toEqual(['owner', 'admin']);
    expect(rolesWith('webhooks:view')).toEqual(['owner', 'admin', 'auditor']);
    expect(rolesWith('webhooks:manage')).toEqual(['owner', 'admin']);
    expect(rolesWith('dead-letters:view')).toEqual(['owner', 'admin', 'auditor']);
    expect(rolesWith('dead-letters:manage')).toEqual(['owner', 'admin']);
    expect(rolesWith('config:export')).toEqual(['owner', 'admin', 'auditor']);
    expect(rolesWith('teams:view')).toEqual(['owner', 'admin', 'team_admin', 'auditor']);
    expect(rolesWith('teams:manage-any')).toEqual(['owner', 'admin']);
    expect(rolesWith('teams:members')).toEqual(['owner', 'admin', 'team_admin']);
    expect(rolesWith('config:import')).toEqual(['owner', 'admin']);
  });

  it('lists the teams of the active org whose own role grants a capability, not those the user only views', () => {
    const memberships = [membership(ACME, 'developer'), membership(ACME, 'viewer', 't1'), membership(ACME, 'team_admin', 't2'), membership(GLOBEX, 'developer', 't3')];
    expect(teamsWhere(memberships, ACME, 'api-keys:manage').map((t) => t.id)).toEqual(['t2']);
    expect(teamsWhere(memberships, ACME, 'models:request').map((t) => t.id)).toEqual(['t2']);
  });

  it('ignores roles it does not know', () => {
    expect(rolesIn([membership(ACME, 'superuser')], ACME)).toEqual([]);
  });
});

describe('resolveActiveOrg', () => {
  const twoOrgs = me([membership(GLOBEX, 'viewer'), membership(ACME, 'admin')]);

  it('keeps a remembered org the user still belongs to', () => {
    expect(resolveActiveOrg(twoOrgs, GLOBEX)).toBe(GLOBEX);
  });

  it('falls back to the first org by name when the remembered one is not theirs', () => {
    expect(resolveActiveOrg(twoOrgs, 'ffffffff-0000-4000-8000-000000000000')).toBe(ACME);
    expect(orgsOf(twoOrgs).map((o) => o.name)).toEqual(['Acme', 'Globex']);
  });

  it('has no org for a user without memberships', () => {
    expect(resolveActiveOrg(me([]), undefined)).toBeNull();
  });
});
