import Link from 'next/link';
import { cx, EmptyState, focusRing } from '@sluice/ui';

/** What a page shows to a role it is not for (the same page an admin sees is never half-rendered). */
export function AccessDenied({ page }: { page: string }) {
  return (
    <div className="flex flex-col gap-6 py-10">
      <h1 className="sr-only">{page}: no access</h1>
      <EmptyState
        title={<span className="text-lg">You don’t have access to {page.toLowerCase()}</span>}
        description="Your role in this organization does not include it. If you need it for your work, ask an administrator of your organization to change your role."
        icon={<span className="font-mono text-4xl font-semibold text-fg-muted">403</span>}
        action={
          <Link href="/" className={cx('inline-flex h-10 items-center rounded-lg bg-accent px-4 text-sm font-medium text-accent-fg hover:bg-accent-hover', focusRing)}>
            Go to the dashboard
          </Link>
        }
      />
    </div>
  );
}
