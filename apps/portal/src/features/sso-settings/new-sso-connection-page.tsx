'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { cx, focusRing } from '@sluice/ui';
import { PageHeader } from '../../shell/page-header';
import { SsoConnectionForm } from './sso-connection-form';

export function NewSsoConnectionPage() {
  const router = useRouter();
  return (
    <>
      <Link href="/settings/sso" className={cx('w-fit text-sm text-accent hover:underline', focusRing)}>
        ← SSO connections
      </Link>
      <PageHeader title="Add an SSO connection" description="After creating it you get the URLs to register at the identity provider, and can map its groups to roles." />
      <div className="rounded-xl border border-border bg-surface p-5">
        <SsoConnectionForm current={null} onSaved={(c) => router.push(`/settings/sso/${c.id}`)} onCancel={() => router.push('/settings/sso')} />
      </div>
    </>
  );
}
