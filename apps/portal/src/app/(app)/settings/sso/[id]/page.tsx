import type { Metadata } from 'next';
import { SsoConnectionDetailPage } from '../../../../../features/sso-settings/sso-connection-detail-page';
import { hasCapability } from '../../../../../server/page-access';
import { AccessDenied } from '../../../../../shell/access-denied';

export const metadata: Metadata = { title: 'SSO connection' };

/** `?test=<id>`: the browser is back from a "test connection" sign-in; the outcome is shown. */
export default async function SsoConnectionRoute({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ test?: string | string[] }> }) {
  if (!(await hasCapability('sso:manage'))) return <AccessDenied page="SSO connections" />;
  const { id } = await params;
  const { test } = await searchParams;
  return <SsoConnectionDetailPage connectionId={id} testId={typeof test === 'string' && test ? test : null} />;
}
