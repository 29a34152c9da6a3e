import type { Metadata } from 'next';
import { PoliciesPage } from '../../../../features/policies/policies-page';
import { hasCapability } from '../../../../server/page-access';
import { AccessDenied } from '../../../../shell/access-denied';

export const metadata: Metadata = { title: 'Policies' };

export default async function PoliciesRoute() {
  if (!(await hasCapability('policies:view'))) return <AccessDenied page="Policies" />;
  return <PoliciesPage />;
}
