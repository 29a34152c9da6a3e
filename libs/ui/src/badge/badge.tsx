import type { ReactNode } from 'react';
import { cx } from '../lib/cx';

export type BadgeTone = 'neutral' | 'success' | 'warning' | 'danger' | 'accent';

const toneClass: Record<BadgeTone, string> = {
  neutral: 'bg-surface-muted text-fg-muted border-border',
  success: 'bg-success/10 text-success border-success/30',
  warning: 'bg-warning/10 text-warning border-warning/30',
  danger: 'bg-danger-soft text-danger border-danger/30',
  accent: 'bg-accent-soft text-accent border-accent/30',
};

/** A short status label. The text carries the meaning; the colour only repeats it. */
export function Badge({ tone = 'neutral', children, className }: { tone?: BadgeTone; children: ReactNode; className?: string }) {
  return (
    <span className={cx('inline-flex items-center rounded-full border px-2 py-0.5 text-xs font-medium whitespace-nowrap', toneClass[tone], className)}>
      {children}
    </span>
  );
}
