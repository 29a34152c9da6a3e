import type { Metadata } from 'next';
import { SsoConnectionsPage } from '../../../../features/sso-settings/sso-connections-page';
import { hasCapability } from '../../../../server/page-access';
import { AccessDenied } from '../../../../shell/access-denied';

export const metadata: Metadata = { title: 'SSO connections' };

export default async function SsoConnectionsRoute() {
  if (!(await hasCapability('sso:manage'))) return <AccessDenied page="SSO connections" />;
  return <SsoConnectionsPage />;
}
