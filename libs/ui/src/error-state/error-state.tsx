import type { ReactNode } from 'react';
import { Button } from '../button/button';
import { cx } from '../lib/cx';

export interface ErrorStateProps {
  title?: ReactNode;
  /** What went wrong and what the user can do about it. */
  description?: ReactNode;
  /** Shows a "Try again" button. */
  onRetry?: () => void;
  retryLabel?: string;
  /** `inline` fits inside a card; `block` fills a panel or page. */
  layout?: 'inline' | 'block';
  className?: string;
}

export function ErrorState({
  title = 'Something went wrong',
  description,
  onRetry,
  retryLabel = 'Try again',
  layout = 'block',
  className,
}: ErrorStateProps) {
  return (
    <div
      role="alert"
      className={cx(
        'flex flex-col gap-2 text-danger',
        layout === 'block' && 'items-center rounded-xl border border-danger/30 bg-danger-soft px-6 py-10 text-center',
        className,
      )}
    >
      <p className="text-sm font-semibold">{title}</p>
      {description && <div className="max-w-prose text-sm text-fg-muted">{description}</div>}
      {onRetry && (
        <div className={cx(layout === 'block' && 'mt-2')}>
          <Button variant="secondary" size="sm" onClick={onRetry}>
            {retryLabel}
          </Button>
        </div>
      )}
    </div>
  );
}
