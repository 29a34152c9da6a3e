import type { Metadata } from 'next';
import { ServiceAccountsPage } from '../../../../features/service-accounts/service-accounts-page';
import { hasCapability } from '../../../../server/page-access';
import { AccessDenied } from '../../../../shell/access-denied';

export const metadata: Metadata = { title: 'Service accounts' };

export default async function ServiceAccountsRoute() {
  if (!(await hasCapability('service-accounts:view'))) return <AccessDenied page="Service accounts" />;
  return <ServiceAccountsPage />;
}
