import type { ReactNode } from 'react';
import { Button } from '../button/button';
import { cx } from '../lib/cx';
import { Skeleton } from '../skeleton/skeleton';

export type Trend = 'up' | 'down' | 'flat';

export interface StatDelta {
  /** Already formatted, e.g. "+12%". */
  value: string;
  trend: Trend;
  /** What the delta compares against, e.g. "vs. last week". */
  label?: string;
  /** Whether this direction is good news; colours the delta (an error rate going up is not). */
  sentiment?: 'positive' | 'negative' | 'neutral';
}

export interface StatCardError {
  message: ReactNode;
  onRetry?: () => void;
}

export interface StatCardProps {
  label: ReactNode;
  value?: ReactNode;
  delta?: StatDelta;
  /** Small print under the value, e.g. "since 12 Mar 2026". */
  footnote?: ReactNode;
  loading?: boolean;
  error?: StatCardError;
  /** Lets tests and monitors read the bare value. */
  valueTestId?: string;
  className?: string;
}

const trendArrow: Record<Trend, string> = { up: '↑', down: '↓', flat: '→' };
const trendWord: Record<Trend, string> = { up: 'Up', down: 'Down', flat: 'Unchanged' };
const sentimentClass = { positive: 'text-success', negative: 'text-danger', neutral: 'text-fg-muted' } as const;

export function StatCard({ label, value, delta, footnote, loading = false, error, valueTestId, className }: StatCardProps) {
  return (
    <section
      aria-busy={loading || undefined}
      className={cx('flex flex-col gap-3 rounded-xl border border-border bg-surface p-5 shadow-sm', className)}
    >
      <h3 className="text-sm font-medium text-fg-muted">{label}</h3>
      {loading ? (
        <div className="flex flex-col gap-2">
          <span className="sr-only">Loading</span>
          <Skeleton className="h-9 w-28" />
          <Skeleton className="h-4 w-40" />
        </div>
      ) : error ? (
        <div role="alert" className="flex flex-col items-start gap-2">
          <p className="text-sm text-danger">{error.message}</p>
          {error.onRetry && (
            <Button variant="secondary" size="sm" onClick={error.onRetry}>
              Retry
            </Button>
          )}
        </div>
      ) : (
        <div className="flex flex-col gap-1">
          <p className="flex items-baseline gap-3">
            <span data-testid={valueTestId} className="text-3xl font-semibold tracking-tight text-fg tabular-nums">
              {value}
            </span>
            {delta && <DeltaBadge delta={delta} />}
          </p>
          {footnote && <p className="text-xs text-fg-muted">{footnote}</p>}
        </div>
      )}
    </section>
  );
}

function DeltaBadge({ delta }: { delta: StatDelta }) {
  return (
    <span className={cx('text-sm font-medium', sentimentClass[delta.sentiment ?? 'neutral'])}>
      <span aria-hidden="true">{trendArrow[delta.trend]} </span>
      <span className="sr-only">{trendWord[delta.trend]} </span>
      {delta.value}
      {delta.label && <span className="ml-1 font-normal text-fg-muted">{delta.label}</span>}
    </span>
  );
}
