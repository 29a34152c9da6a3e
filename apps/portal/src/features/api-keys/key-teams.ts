'use client';

import { apiRequest } from '../../api/api-client';
import { useApiQuery, type QueryState } from '../../api/use-api-query';
import { useSession } from '../../session/session-context';
import { teamPageSchema } from '../teams/team-schemas';

export interface KeyTeam {
  id: string;
  name: string;
}

/** The teams a list of the org's teams adds to one's own, by name, each once. */
export function mergeTeams(own: readonly KeyTeam[], org: readonly KeyTeam[]): KeyTeam[] {
  const byId = new Map<string, KeyTeam>();
  for (const team of [...own, ...org]) if (!byId.has(team.id)) byId.set(team.id, { id: team.id, name: team.name });
  return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * The teams the caller may create a key in: their own teams; owners and admins (who need not be a member
 * of any) every team of the org (the first 200 by name), as the admin API allows.
 */
export function useKeyTeams(): { state: QueryState<KeyTeam[]>; anyTeam: boolean } {
  const session = useSession();
  const anyTeam = session.can('api-keys:manage-any');
  const { state } = useApiQuery(`key-teams:${anyTeam}`, async (signal) => {
    if (!anyTeam) return session.teams;
    const page = await apiRequest('/api/v1/teams', { query: { limit: 200, sort: 'name' }, schema: teamPageSchema, signal });
    return mergeTeams(session.teams, page.items);
  });
  return { state, anyTeam };
}
