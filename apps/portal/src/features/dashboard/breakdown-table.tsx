'use client';

import { Button, DataTable, ErrorState, SelectField, Skeleton, type DataTableColumn } from '@sluice/ui';
import type { QueryState } from '../../api/use-api-query';
import { formatInteger, formatMs, formatPercent, formatUsd } from '../../format/numbers';
import type { BreakdownRow, Dimension } from './analytics-schemas';

export const DIMENSION_LABELS: Record<Dimension, string> = { team: 'Team', key: 'API key', user: 'User', model: 'Model', provider: 'Provider' };

export const BREAKDOWN_CSV_HEADER = ['group', 'id', 'requests', 'errors', 'error_rate', 'prompt_tokens', 'completion_tokens', 'cost_usd', 'cache_hits', 'latency_p50_ms', 'latency_p95_ms', 'latency_p99_ms'];
export const breakdownCsvRow = (r: BreakdownRow) => [r.label ?? r.key ?? 'none', r.key, r.requests, r.errors, r.errorRate, r.promptTokens, r.completionTokens, r.costUsd, r.cacheHits, r.latencyMs.p50, r.latencyMs.p95, r.latencyMs.p99];

/** Top groups of the range by cost (sortable by any column), for one dimension at a time. */
export function BreakdownTable({
  by,
  onByChange,
  state,
  onRetry,
  onDownload,
}: {
  by: Dimension;
  onByChange: (by: Dimension) => void;
  state: QueryState<BreakdownRow[]>;
  onRetry: () => void;
  onDownload: () => void;
}) {
  const columns: DataTableColumn<BreakdownRow>[] = [
    { id: 'group', header: DIMENSION_LABELS[by], sortValue: (r) => r.label ?? r.key ?? '', cell: (r) => <span className="font-medium">{r.label ?? r.key ?? <span className="text-fg-muted">None</span>}</span> },
    { id: 'requests', header: 'Requests', align: 'end', sortValue: (r) => r.requests, cell: (r) => formatInteger(r.requests) },
    { id: 'tokens', header: 'Tokens', align: 'end', sortValue: (r) => r.totalTokens, cell: (r) => formatInteger(r.totalTokens) },
    { id: 'cost', header: 'Cost', align: 'end', sortValue: (r) => r.costUsd, cell: (r) => formatUsd(r.costUsd) },
    { id: 'errorRate', header: 'Error rate', align: 'end', sortValue: (r) => r.errorRate ?? -1, cell: (r) => formatPercent(r.errorRate) },
    { id: 'p95', header: 'p95 latency', align: 'end', sortValue: (r) => r.latencyMs.p95 ?? -1, cell: (r) => formatMs(r.latencyMs.p95) },
    { id: 'cache', header: 'Cache hit rate', align: 'end', sortValue: (r) => r.cacheHitRate ?? -1, cell: (r) => formatPercent(r.cacheHitRate) },
  ];

  return (
    <section aria-labelledby="breakdown-heading" className="flex flex-col gap-3">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <h2 id="breakdown-heading" className="text-base font-semibold text-fg">
          Top {DIMENSION_LABELS[by].toLowerCase()}s
        </h2>
        <div className="flex items-end gap-2">
          <SelectField
            label="Break down by"
            value={by}
            onChange={(e) => onByChange(e.target.value as Dimension)}
            options={Object.entries(DIMENSION_LABELS).map(([value, label]) => ({ value, label }))}
          />
          <Button variant="secondary" onClick={onDownload} disabled={state.status !== 'ready' || state.data.length === 0}>
            Download CSV
          </Button>
        </div>
      </div>
      {state.status === 'loading' && (
        <div aria-busy="true" className="flex flex-col gap-2 rounded-xl border border-border bg-surface p-5">
          <span className="sr-only">Loading breakdown</span>
          {[0, 1, 2].map((i) => (
            <Skeleton key={i} className="h-8 w-full" />
          ))}
        </div>
      )}
      {state.status === 'error' && <ErrorState title="Can’t load the breakdown" description={state.message} onRetry={onRetry} />}
      {state.status === 'ready' && (
        <DataTable caption={`Usage by ${DIMENSION_LABELS[by].toLowerCase()}`} captionHidden columns={columns} rows={state.data} rowKey={(r) => r.key ?? 'none'} initialSort={{ columnId: 'cost', direction: 'descending' }} />
      )}
    </section>
  );
}
