import type { Metadata } from 'next';
import Link from 'next/link';
import { cx, EmptyState, focusRing } from '@sluice/ui';

export const metadata: Metadata = { title: 'Page not found' };

export default function NotFound() {
  return (
    <div className="flex flex-col gap-6 py-10">
      <h1 className="sr-only">Page not found</h1>
      <EmptyState
        title={<span className="text-lg">This page does not exist</span>}
        description="The address may be mistyped, or the page may have moved. Check the URL, or go back to the dashboard."
        icon={<span className="font-mono text-4xl font-semibold text-fg-muted">404</span>}
        action={
          <Link
            href="/"
            className={cx('inline-flex h-10 items-center rounded-lg bg-accent px-4 text-sm font-medium text-accent-fg hover:bg-accent-hover', focusRing)}
          >
            Go to the dashboard
          </Link>
        }
      />
    </div>
  );
}
