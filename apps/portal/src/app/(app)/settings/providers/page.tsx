import type { Metadata } from 'next';
import { ProvidersPage } from '../../../../features/providers/providers-page';
import { hasCapability } from '../../../../server/page-access';
import { AccessDenied } from '../../../../shell/access-denied';

export const metadata: Metadata = { title: 'Providers' };

export default async function ProvidersRoute() {
  if (!(await hasCapability('providers:view'))) return <AccessDenied page="Providers" />;
  return <ProvidersPage />;
}
