import type { Metadata } from 'next';
import { ConfigIoPage } from '../../../../features/config-io/config-io-page';
import { hasCapability } from '../../../../server/page-access';
import { AccessDenied } from '../../../../shell/access-denied';

export const metadata: Metadata = { title: 'Config import/export' };

export default async function ConfigIoRoute() {
  if (!(await hasCapability('config:export'))) return <AccessDenied page="Config import/export" />;
  return <ConfigIoPage />;
}
