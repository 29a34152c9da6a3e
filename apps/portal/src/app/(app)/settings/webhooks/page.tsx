import type { Metadata } from 'next';
import { WebhooksPage } from '../../../../features/webhooks/webhooks-page';
import { hasCapability } from '../../../../server/page-access';
import { AccessDenied } from '../../../../shell/access-denied';

export const metadata: Metadata = { title: 'Webhooks & alerts' };

export default async function WebhooksRoute() {
  if (!(await hasCapability('webhooks:view'))) return <AccessDenied page="Webhooks & alerts" />;
  return <WebhooksPage />;
}
