import type { MembershipRole } from '@sluice/db';
import { declaredRoutes } from '../testing/declared-routes';
import { createUser, signIn, startAdminApiHarness, type AdminApiHarness, type SignedIn } from '../testing/admin-api-harness';
import { roleHasPermission, type Permission } from './permissions';

type Caller = { name: string; role: MembershipRole | null; otherOrg: boolean };

const CALLERS: Caller[] = [
  { name: 'anonymous', role: null, otherOrg: false },
  { name: 'owner', role: 'owner', otherOrg: false },
  { name: 'admin', role: 'admin', otherOrg: false },
  { name: 'team_admin', role: 'team_admin', otherOrg: false },
  { name: 'developer', role: 'developer', otherOrg: false },
  { name: 'auditor', role: 'auditor', otherOrg: false },
  { name: 'viewer', role: 'viewer', otherOrg: false },
  { name: 'admin of another org', role: 'admin', otherOrg: true },
];

/**
 * Every declared route × every role (+ anonymous, + a member of another org): the guard lets the
 * caller through exactly when the permission matrix says so. "Through" means any answer except
 * 401/403 (a 400 for an empty body or a 404 for a random id proves the guard passed). What a
 * caller of another org sees once through is covered by the object-level tests (api-keys).
 */
describe('authorization matrix: every route × every role', () => {
  let h: AdminApiHarness;
  const sessions = new Map<string, SignedIn>();
  const emails = new Map<string, string>();

  beforeAll(async () => {
    h = await startAdminApiHarness();
    const [org] = (await h.dataSource.query(`INSERT INTO organizations (name, slug) VALUES ('Other', 'other') RETURNING id`)) as Array<{ id: string }>;
    for (const caller of CALLERS) {
      if (!caller.role) continue;
      const email = caller.role === 'owner' && !caller.otherOrg ? h.adminEmail : `${caller.name.replace(/ /g, '-')}@matrix.test`;
      if (email !== h.adminEmail) {
        const teamScoped = caller.role === 'team_admin' || caller.role === 'developer';
        await createUser(h.dataSource, email, caller.otherOrg ? org.id : h.orgId, caller.role, teamScoped && !caller.otherOrg ? h.teamId : null);
      }
      emails.set(caller.name, email);
      sessions.set(caller.name, await signIn(h.app, email));
    }
  });
  afterAll(async () => {
    await h?.close();
  });

  const routes = declaredRoutes();

  it.each(routes.map((r) => [`${r.method} ${r.path}`, r] as const))('%s', async (_label, route) => {
    const table: string[] = [];
    for (const caller of CALLERS) {
      let session = sessions.get(caller.name);
      if (session && (route.path.endsWith('/logout') || route.path.endsWith('/revoke-all'))) session = await signIn(h.app, emails.get(caller.name) as string);
      const url = route.path.replace(/:[a-zA-Z]+/g, '00000000-0000-4000-8000-000000000000');
      const headers: Record<string, string> = session ? { cookie: session.cookie, 'x-csrf-token': session.csrfToken } : {};
      const res = await h.app.inject({ method: route.method as 'GET' | 'POST', url, headers, ...(route.method === 'GET' ? {} : { payload: {} }) });
      const passed = res.statusCode !== 401 && res.statusCode !== 403;
      let expected: boolean;
      if (route.access && 'public' in route.access) expected = true;
      else if (!caller.role) expected = false;
      else {
        const permission = (route.access as { permission: Permission }).permission;
        expected = permission === 'session:read' || roleHasPermission(caller.role, permission);
      }
      // "Sign out everywhere" ended every session of this caller, the stored one too.
      if (caller.role && route.path.endsWith('/revoke-all')) sessions.set(caller.name, await signIn(h.app, emails.get(caller.name) as string));
      if (!caller.role && !expected) expect(res.statusCode).toBe(401);
      if (passed !== expected) table.push(`${caller.name}: got ${res.statusCode}, expected ${expected ? 'allow' : 'deny'}`);
    }
    expect(table).toEqual([]);
  });
});
