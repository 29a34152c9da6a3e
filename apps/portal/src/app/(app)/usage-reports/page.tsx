import type { Metadata } from 'next';
import { UsageReportsPage } from '../../../features/usage-reports/usage-reports-page';
import { hasCapability } from '../../../server/page-access';
import { AccessDenied } from '../../../shell/access-denied';

export const metadata: Metadata = { title: 'Usage reports' };

export default async function UsageReportsRoute() {
  if (!(await hasCapability('usage-reports:export'))) return <AccessDenied page="Usage reports" />;
  return <UsageReportsPage />;
}
