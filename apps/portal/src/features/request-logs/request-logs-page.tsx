'use client';

import { useRouter, useSearchParams } from 'next/navigation';
import { useMemo, useState, type FormEvent } from 'react';
import { Badge, Button, DataTable, Dialog, EmptyState, ErrorState, SelectField, Skeleton, TextField, type DataTableColumn } from '@sluice/ui';
import { apiRequest } from '../../api/api-client';
import { usePagedList } from '../../api/use-paged-list';
import { formatDateTime } from '../../format/dates';
import { formatInteger, formatMs, formatUsd } from '../../format/numbers';
import { PageHeader } from '../../shell/page-header';
import { CACHE_STATUSES, REQUEST_LOG_FILTER_KEYS, requestLogPageSchema, USAGE_STATUSES, type RequestLog } from './request-log-schemas';

const STATUS_TONE: Record<string, 'success' | 'danger' | 'accent' | 'warning'> = { success: 'success', error: 'danger', cache_hit: 'accent', blocked: 'warning' };

/** Every gateway call the caller may see (own keys; team admins their teams; admins the org), newest first. */
export function RequestLogsPage() {
  const router = useRouter();
  const search = useSearchParams();
  const filters = useMemo(() => Object.fromEntries(REQUEST_LOG_FILTER_KEYS.flatMap((k) => (search.get(k) ? [[k, search.get(k) as string]] : []))), [search]);
  const [selected, setSelected] = useState<RequestLog | null>(null);
  const { state, loadMore, reload } = usePagedList(JSON.stringify(filters), (cursor, signal) =>
    apiRequest('/api/v1/request-logs', { query: { ...filters, cursor, limit: 50 }, schema: requestLogPageSchema, signal }),
  );

  const apply = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const params = new URLSearchParams();
    for (const key of REQUEST_LOG_FILTER_KEYS) {
      const value = String(form.get(key) ?? '').trim();
      if (value) params.set(key, value);
    }
    router.replace(`/request-logs${params.size ? `?${params}` : ''}`);
  };

  const columns: DataTableColumn<RequestLog>[] = [
    {
      id: 'when',
      header: 'When',
      sortValue: (r) => r.occurredAt,
      cell: (r) => (
        <Button variant="ghost" size="sm" className="-ml-3" onClick={() => setSelected(r)} aria-label={`Details of request ${r.requestId}`}>
          {formatDateTime(r.occurredAt)}
        </Button>
      ),
    },
    { id: 'model', header: 'Model', sortValue: (r) => r.model, cell: (r) => <span className="font-mono text-xs">{r.model}</span> },
    { id: 'provider', header: 'Provider', sortValue: (r) => r.provider ?? '', cell: (r) => r.provider ?? '—' },
    { id: 'status', header: 'Status', sortValue: (r) => r.status, cell: (r) => <Badge tone={STATUS_TONE[r.status] ?? 'neutral'}>{`${r.status} · ${r.httpStatus}`}</Badge> },
    { id: 'tokens', header: 'Tokens', align: 'end', sortValue: (r) => r.promptTokens + r.completionTokens, cell: (r) => formatInteger(r.promptTokens + r.completionTokens) },
    { id: 'cost', header: 'Cost', align: 'end', sortValue: (r) => r.costUsd, cell: (r) => formatUsd(r.costUsd) },
    { id: 'latency', header: 'Latency', align: 'end', sortValue: (r) => r.latencyMs, cell: (r) => formatMs(r.latencyMs) },
  ];

  const filtered = Object.keys(filters).length > 0;
  return (
    <>
      <PageHeader title="Request logs" description="Gateway calls with their model, outcome, tokens, cost and latency. Prompts and responses are not shown here." />
      <form key={JSON.stringify(filters)} role="search" aria-label="Filter request logs" onSubmit={apply} className="grid gap-4 rounded-xl border border-border bg-surface p-5 sm:grid-cols-2 lg:grid-cols-4">
        <TextField label="Model" name="model" defaultValue={filters.model} />
        <TextField label="Provider" name="provider" defaultValue={filters.provider} />
        <SelectField label="Status" name="status" defaultValue={filters.status ?? ''} placeholder="Any status" options={USAGE_STATUSES.map((s) => ({ value: s, label: s }))} />
        <SelectField label="Cache" name="cacheStatus" defaultValue={filters.cacheStatus ?? ''} placeholder="Any" options={CACHE_STATUSES.map((s) => ({ value: s, label: s }))} />
        <TextField label="Request ID" name="requestId" defaultValue={filters.requestId} />
        <TextField label="Slower than (ms)" name="minLatencyMs" type="number" min="0" defaultValue={filters.minLatencyMs} />
        <div className="flex items-end gap-2">
          <Button type="submit">Search</Button>
          <Button variant="ghost" onClick={() => router.replace('/request-logs')}>
            Clear
          </Button>
        </div>
      </form>
      {state.status === 'loading' && <Skeleton className="h-40 w-full" />}
      {state.status === 'error' && <ErrorState title="Can’t load request logs" description={state.message} onRetry={reload} />}
      {state.status === 'ready' && (
        <>
          <DataTable
            caption="Request logs, newest first"
            captionHidden
            columns={columns}
            rows={state.items}
            rowKey={(r) => r.id}
            empty={<EmptyState title={filtered ? 'No request matches these filters' : 'No requests yet'} description={filtered ? 'Clear a filter to see more.' : 'Calls through the gateway appear here within seconds.'} />}
          />
          {state.nextCursor && (
            <div className="flex justify-center">
              <Button variant="secondary" onClick={loadMore} loading={state.loadingMore}>
                Load older requests
              </Button>
            </div>
          )}
        </>
      )}
      <RequestLogDetail log={selected} onClose={() => setSelected(null)} />
    </>
  );
}

/** A name with its id (for searching elsewhere); the id alone when it has no name any more. */
function named(name: string | null, id: string | null): string {
  if (!id) return '—';
  return name ? `${name} · ${id}` : id;
}

function RequestLogDetail({ log, onClose }: { log: RequestLog | null; onClose: () => void }) {
  if (!log) return null;
  const facts: Array<[string, string]> = [
    ['Request ID', log.requestId],
    ['When', formatDateTime(log.occurredAt)],
    ['Endpoint', log.endpoint],
    ['Model', log.model],
    ['Provider', log.provider ?? '—'],
    ['Deployment', log.deploymentId ?? '—'],
    ['Status', `${log.status} (HTTP ${log.httpStatus})${log.errorCode ? ` · ${log.errorCode}` : ''}`],
    ['Tokens', `${formatInteger(log.promptTokens)} in · ${formatInteger(log.completionTokens)} out · ${formatInteger(log.cachedTokens)} cached`],
    ['Cost', formatUsd(log.costUsd)],
    ['Latency', `${formatMs(log.latencyMs)}${log.ttftMs !== null ? ` · first token ${formatMs(log.ttftMs)}` : ''}`],
    ['Streamed', log.stream ? 'yes' : 'no'],
    ['Cache', log.cacheStatus],
    ['Team', named(log.teamName, log.teamId)],
    ['API key', named(log.apiKeyLabel, log.apiKeyId)],
    ['User', named(log.userEmail, log.userId)],
    ...Object.entries(log.metadata).map(([k, v]): [string, string] => [`metadata.${k}`, v]),
  ];
  return (
    <Dialog open onClose={onClose} size="lg" title="Request details" description={`${log.model} · ${formatDateTime(log.occurredAt)}`} footer={<Button onClick={onClose}>Close</Button>}>
      <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1.5 text-sm">
        {facts.map(([term, value]) => (
          <div key={term} className="contents">
            <dt className="text-fg-muted">{term}</dt>
            <dd className="min-w-0 font-mono text-xs break-all text-fg">{value}</dd>
          </div>
        ))}
      </dl>
    </Dialog>
  );
}
