'use client';

import { apiRequest } from '../../api/api-client';
import { useApiQuery, type QueryState } from '../../api/use-api-query';
import type { Capability } from '../../session/access';
import { useSession } from '../../session/session-context';
import { teamPageSchema } from './team-schemas';

export interface TeamChoice {
  id: string;
  name: string;
}

/** The teams a list of the org's teams adds to one's own, by name, each once. */
export function mergeTeams(own: readonly TeamChoice[], org: readonly TeamChoice[]): TeamChoice[] {
  const byId = new Map<string, TeamChoice>();
  for (const team of [...own, ...org]) if (!byId.has(team.id)) byId.set(team.id, { id: team.id, name: team.name });
  return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * The teams to offer in a form or filter: the caller's own teams (with `ownTeams`, only those whose
 * role there grants that capability, as the admin API checks per team); with `anyTeam` (owners and
 * admins, who need not be a member of any) every team of the org, the first 200 by name.
 */
export function useTeamChoices(anyTeamCapability: Capability, ownTeams?: Capability): { state: QueryState<TeamChoice[]>; anyTeam: boolean } {
  const session = useSession();
  const anyTeam = session.can(anyTeamCapability);
  const own = ownTeams ? session.teamsWhere(ownTeams) : session.teams;
  const { state } = useApiQuery(`team-choices:${anyTeam}:${ownTeams ?? ''}`, async (signal) => {
    if (!anyTeam) return own;
    const page = await apiRequest('/api/v1/teams', { query: { limit: 200, sort: 'name' }, schema: teamPageSchema, signal });
    return mergeTeams(own, page.items);
  });
  return { state, anyTeam };
}
