import type { Metadata } from 'next';
import { GettingStartedPanel } from '../../features/overview/getting-started-panel';
import { RequestsLoggedCard } from '../../features/overview/requests-logged-card';
import { PageHeader } from '../../shell/page-header';
import { portalConfig } from '../../server/portal-config';

export const metadata: Metadata = { title: 'Dashboard' };

export default function OverviewPage() {
  return (
    <>
      <PageHeader title="Dashboard" description="Traffic through your Sluice gateway at a glance." />
      <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-3">
        <RequestsLoggedCard />
      </div>
      <GettingStartedPanel gatewayBaseUrl={portalConfig().gatewayBaseUrl} />
    </>
  );
}
