'use client';

import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { setApiCredentials } from '../api/api-client';
import type { Me } from '../api/me-schema';
import { can, rolesIn, teamsWhere, type Capability, type Role } from './access';
import { orgsOf, type OrgChoice } from './active-org';

export interface Session {
  me: Me;
  orgs: OrgChoice[];
  activeOrg: OrgChoice | null;
  roles: Role[];
  /** Teams of the active org the user is a member of (from their memberships). */
  teams: Array<{ id: string; name: string }>;
  /** Of those, the teams whose role there grants the capability (what the admin API checks for team actions). */
  teamsWhere: (capability: Capability) => Array<{ id: string; name: string }>;
  can: (capability: Capability) => boolean;
  /** The OpenAI-compatible base URL of the gateway, for code snippets. */
  gatewayBaseUrl: string;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({
  me,
  activeOrgId,
  gatewayBaseUrl,
  children,
}: {
  me: Me;
  activeOrgId: string | null;
  gatewayBaseUrl: string;
  children: ReactNode;
}) {
  // Before any child effect runs, so their first calls carry the token and org.
  setApiCredentials({ csrfToken: me.csrfToken, orgId: activeOrgId });

  const session = useMemo<Session>(() => {
    const orgs = orgsOf(me);
    const roles = rolesIn(me.memberships, activeOrgId);
    const teams = new Map<string, string>();
    for (const m of me.memberships) if (m.orgId === activeOrgId && m.teamId) teams.set(m.teamId, m.teamName ?? m.teamId);
    return {
      me,
      orgs,
      activeOrg: orgs.find((o) => o.id === activeOrgId) ?? null,
      roles,
      teams: [...teams].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name)),
      teamsWhere: (capability) => teamsWhere(me.memberships, activeOrgId, capability),
      can: (capability) => can(roles, capability),
      gatewayBaseUrl,
    };
  }, [me, activeOrgId, gatewayBaseUrl]);

  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession() needs a SessionProvider (pages under src/app/(app) have one)');
  return session;
}
