import type { Metadata } from 'next';
import { TeamDetailPage } from '../../../../features/teams/team-detail-page';
import { hasCapability } from '../../../../server/page-access';
import { AccessDenied } from '../../../../shell/access-denied';

export const metadata: Metadata = { title: 'Team' };

export default async function TeamRoute({ params }: { params: Promise<{ id: string }> }) {
  if (!(await hasCapability('teams:view'))) return <AccessDenied page="Teams" />;
  const { id } = await params;
  return <TeamDetailPage teamId={id} />;
}
