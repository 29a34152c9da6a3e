import type { Metadata } from 'next';
import { Suspense } from 'react';
import { DashboardPage } from '../../features/dashboard/dashboard-page';
import { GettingStartedPanel } from '../../features/overview/getting-started-panel';
import { RequestsLoggedCard } from '../../features/overview/requests-logged-card';
import { portalConfig } from '../../server/portal-config';

export const metadata: Metadata = { title: 'Dashboard' };

export default function OverviewPage() {
  return (
    <Suspense>
      <DashboardPage
        extra={
          <>
            <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-3">
              <RequestsLoggedCard />
            </div>
            <GettingStartedPanel gatewayBaseUrl={portalConfig().gatewayBaseUrl} />
          </>
        }
      />
    </Suspense>
  );
}
