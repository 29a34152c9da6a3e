import { cx } from '../lib/cx';

export interface SkeletonProps {
  /** Size and shape, e.g. `h-8 w-24`. */
  className?: string;
}

/**
 * A pulsing placeholder for content that is loading. It is decorative: the container that is
 * loading announces it (aria-busy or a status message), so each bar is hidden from assistive tech.
 */
export function Skeleton({ className }: SkeletonProps) {
  return (
    <span
      aria-hidden="true"
      data-skeleton=""
      className={cx('block animate-pulse rounded-md bg-surface-muted motion-reduce:animate-none', className ?? 'h-4 w-full')}
    />
  );
}
