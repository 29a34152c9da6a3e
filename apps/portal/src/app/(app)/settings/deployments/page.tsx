import type { Metadata } from 'next';
import { DeploymentsPage } from '../../../../features/deployments/deployments-page';
import { hasCapability } from '../../../../server/page-access';
import { AccessDenied } from '../../../../shell/access-denied';

export const metadata: Metadata = { title: 'Deployments & routing' };

export default async function DeploymentsRoute() {
  if (!(await hasCapability('providers:view'))) return <AccessDenied page="Deployments & routing" />;
  return <DeploymentsPage />;
}
