import 'server-only';
import { cookies } from 'next/headers';
import { can, rolesIn, type Capability } from '../session/access';
import { ORG_COOKIE, resolveActiveOrg } from '../session/active-org';
import { loadSession } from './session';

/** Whether the signed-in user's roles in the active org offer this page (the admin API still decides every call). */
export async function hasCapability(capability: Capability): Promise<boolean> {
  const me = await loadSession();
  if (!me) return false;
  const orgId = resolveActiveOrg(me, (await cookies()).get(ORG_COOKIE)?.value);
  return can(rolesIn(me.memberships, orgId), capability);
}
