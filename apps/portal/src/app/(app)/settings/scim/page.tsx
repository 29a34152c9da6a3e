import type { Metadata } from 'next';
import { ScimTokensPage } from '../../../../features/scim-tokens/scim-tokens-page';
import { hasCapability } from '../../../../server/page-access';
import { AccessDenied } from '../../../../shell/access-denied';

export const metadata: Metadata = { title: 'SCIM provisioning' };

export default async function ScimRoute() {
  if (!(await hasCapability('sso:manage'))) return <AccessDenied page="SCIM provisioning" />;
  return <ScimTokensPage />;
}
