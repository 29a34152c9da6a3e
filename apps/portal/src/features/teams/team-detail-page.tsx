'use client';

import Link from 'next/link';
import { cx, ErrorState, focusRing, Skeleton } from '@sluice/ui';
import { apiRequest } from '../../api/api-client';
import { useApiQuery } from '../../api/use-api-query';
import { useSession } from '../../session/session-context';
import { PageHeader } from '../../shell/page-header';
import { TeamBudgetPanel } from './team-budget-panel';
import { TeamMembersPanel } from './team-members-panel';
import { TeamModelsPanel } from './team-models-panel';
import { teamSchema } from './team-schemas';

export function TeamDetailPage({ teamId }: { teamId: string }) {
  const session = useSession();
  const { state, reload } = useApiQuery(`team:${teamId}`, (signal) => apiRequest(`/api/v1/teams/${teamId}`, { schema: teamSchema, signal }));
  const canManageAny = session.can('teams:manage-any');
  // Team admins manage the members of teams they administer; the admin API refuses anything else.
  const administersTeam = session.me.memberships.some((m) => m.teamId === teamId && m.role === 'team_admin');
  // The admin API shows a team's effective policies to policy readers and to that team's admins only:
  // a team admin elsewhere who is a developer here got an error box instead of the panel.
  const seesBudget = session.can('policies:view') || administersTeam;

  const back = (
    <Link href="/teams" className={cx('text-sm text-accent hover:underline', focusRing)}>
      ← All teams
    </Link>
  );
  if (state.status === 'loading')
    return (
      <div aria-busy="true" className="flex flex-col gap-4">
        {back}
        <span className="sr-only">Loading team</span>
        <Skeleton className="h-8 w-64" />
        <Skeleton className="h-40 w-full" />
      </div>
    );
  if (state.status === 'error')
    return (
      <>
        {back}
        <h1 className="sr-only">Team</h1>
        <ErrorState title="Can’t load this team" description={state.message} onRetry={reload} />
      </>
    );

  const team = state.data;
  return (
    <>
      {back}
      <PageHeader title={team.name} description={team.description || 'No description.'} />
      {seesBudget && <TeamBudgetPanel teamId={team.id} teamName={team.name} canManage={canManageAny} />}
      <TeamModelsPanel team={team} canManage={canManageAny} onSaved={reload} />
      <TeamMembersPanel teamId={team.id} canManage={canManageAny || administersTeam} readOnlyUserId={canManageAny ? undefined : session.me.user.id} />
    </>
  );
}
