import type { Metadata } from 'next';
import { NewSsoConnectionPage } from '../../../../../features/sso-settings/new-sso-connection-page';
import { hasCapability } from '../../../../../server/page-access';
import { AccessDenied } from '../../../../../shell/access-denied';

export const metadata: Metadata = { title: 'SSO connections' };

export default async function NewSsoConnectionRoute() {
  if (!(await hasCapability('sso:manage'))) return <AccessDenied page="SSO connections" />;
  return <NewSsoConnectionPage />;
}
