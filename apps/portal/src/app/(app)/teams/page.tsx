import type { Metadata } from 'next';
import { TeamsPage } from '../../../features/teams/teams-page';
import { hasCapability } from '../../../server/page-access';
import { AccessDenied } from '../../../shell/access-denied';

export const metadata: Metadata = { title: 'Teams' };

export default async function TeamsRoute() {
  if (!(await hasCapability('teams:view'))) return <AccessDenied page="Teams" />;
  return <TeamsPage />;
}
