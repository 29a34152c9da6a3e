'use client';

import { StatCard } from '@sluice/ui';
import type { QueryState } from '../../api/use-api-query';
import { formatCompact, formatInteger, formatMs, formatPercent, formatUsd } from '../../format/numbers';
import type { UsageTotals } from './analytics-schemas';

/** The headline numbers of the chosen range and filters. */
export function SummaryCards({ state, onRetry }: { state: QueryState<UsageTotals>; onRetry: () => void }) {
  const t = state.status === 'ready' ? state.data : undefined;
  const loading = state.status === 'loading';
  const error = state.status === 'error' ? { message: `Can’t load usage totals. ${state.message}`, onRetry } : undefined;
  const card = (label: string, value: string | undefined, testId: string, footnote?: string) => (
    <StatCard label={label} value={value} valueTestId={testId} loading={loading} error={error} footnote={footnote} />
  );
  return (
    <section aria-label="Usage totals" className="grid gap-4 sm:grid-cols-2 xl:grid-cols-4">
      {card('Requests', t && formatInteger(t.requests), 'total-requests', t && `${formatInteger(t.errors)} errors`)}
      {card('Tokens', t && formatCompact(t.totalTokens), 'total-tokens', t && `${formatCompact(t.promptTokens)} in · ${formatCompact(t.completionTokens)} out`)}
      {card('Cost', t && formatUsd(t.costUsd), 'total-cost', 'From catalog prices')}
      {card('Error rate', t && formatPercent(t.errorRate), 'error-rate')}
      {card('Latency p50', t && formatMs(t.latencyMs.p50), 'latency-p50')}
      {card('Latency p95', t && formatMs(t.latencyMs.p95), 'latency-p95')}
      {card('Latency p99', t && formatMs(t.latencyMs.p99), 'latency-p99')}
      {card('Cache hit rate', t && formatPercent(t.cacheHitRate), 'cache-hit-rate', t && `${formatInteger(t.cacheHits)} hits`)}
    </section>
  );
}
