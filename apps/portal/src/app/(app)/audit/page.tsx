import type { Metadata } from 'next';
import { Suspense } from 'react';
import { AuditPage } from '../../../features/audit/audit-page';
import { hasCapability } from '../../../server/page-access';
import { AccessDenied } from '../../../shell/access-denied';

export const metadata: Metadata = { title: 'Audit trail' };

export default async function AuditRoute() {
  if (!(await hasCapability('audit:read'))) return <AccessDenied page="Audit trail" />;
  return (
    <Suspense>
      <AuditPage />
    </Suspense>
  );
}
