import type { Metadata } from 'next';
import { Suspense } from 'react';
import { RequestLogsPage } from '../../../features/request-logs/request-logs-page';

export const metadata: Metadata = { title: 'Request logs' };

export default function RequestLogsRoute() {
  return (
    <Suspense>
      <RequestLogsPage />
    </Suspense>
  );
}
