import type { Metadata } from 'next';
import { AccessRequestsPage } from '../../../../features/models/access-requests-page';

export const metadata: Metadata = { title: 'Model access requests' };

export default function AccessRequestsRoute() {
  return <AccessRequestsPage />;
}
