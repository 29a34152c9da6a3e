'use client';

import { useSearchParams } from 'next/navigation';
import { useMemo, useState } from 'react';
import { Badge, Button, DataTable, EmptyState, ErrorState, Skeleton, type DataTableColumn } from '@sluice/ui';
import { apiRequest } from '../../api/api-client';
import { usePagedList } from '../../api/use-paged-list';
import { formatDateTime } from '../../format/dates';
import { PageHeader } from '../../shell/page-header';
import { AuditEventDialog } from './audit-event-dialog';
import { AuditExportsPanel } from './audit-exports-panel';
import { AuditFiltersForm } from './audit-filters-form';
import { auditPageSchema, filtersFromSearch, type AuditRecord } from './audit-schemas';
import { VerifyChainPanel } from './verify-chain-panel';

const RESULT_TONE: Record<string, 'success' | 'danger' | 'warning'> = { success: 'success', failure: 'danger', denied: 'warning' };

export function AuditPage() {
  const search = useSearchParams();
  const filters = useMemo(() => filtersFromSearch(new URLSearchParams(search.toString())), [search]);
  const [selected, setSelected] = useState<AuditRecord | null>(null);

  const [labels, setLabels] = useState<Record<string, string>>({});
  const { state, loadMore, reload } = usePagedList(JSON.stringify(filters), async (cursor, signal) => {
    const page = await apiRequest('/api/v1/audit/events', { query: { ...filters, cursor, limit: 50 }, schema: auditPageSchema, signal });
    setLabels((known) => ({ ...known, ...page.labels }));
    return page;
  });

  const columns: DataTableColumn<AuditRecord>[] = [
    { id: 'seq', header: '#', align: 'end', sortValue: (e) => e.seq, cell: (e) => e.seq },
    { id: 'when', header: 'When', sortValue: (e) => e.occurred_at, cell: (e) => <time dateTime={e.occurred_at}>{formatDateTime(e.occurred_at)}</time> },
    {
      id: 'action',
      header: 'Action',
      sortValue: (e) => e.action,
      cell: (e) => (
        <Button variant="ghost" size="sm" className="-ml-3 font-mono" onClick={() => setSelected(e)} aria-label={`Details of event #${e.seq}: ${e.action}`}>
          {e.action}
        </Button>
      ),
    },
    { id: 'actor', header: 'Actor', cell: (e) => <NamedId type={e.actor_type} id={e.actor_id} labels={labels} /> },
    { id: 'target', header: 'Target', cell: (e) => (e.target_type ? <NamedId type={e.target_type} id={e.target_id} labels={labels} /> : '—') },
    { id: 'result', header: 'Result', sortValue: (e) => e.result, cell: (e) => <Badge tone={RESULT_TONE[e.result] ?? 'neutral'}>{e.result}</Badge> },
  ];

  const filtered = Object.keys(filters).length > 0;
  return (
    <>
      <PageHeader title="Audit trail" description="Every change and sign-in in your organization, hash-chained so that no event can be edited or removed unnoticed." />
      <VerifyChainPanel />
      <AuditFiltersForm values={filters} />
      <AuditExportsPanel filters={filters} />
      {state.status === 'loading' && (
        <div aria-busy="true" className="flex flex-col gap-3 rounded-xl border border-border bg-surface p-5">
          <span className="sr-only">Loading audit events</span>
          {[0, 1, 2, 3].map((i) => (
            <Skeleton key={i} className="h-8 w-full" />
          ))}
        </div>
      )}
      {state.status === 'error' && <ErrorState title="Can’t search the audit trail" description={state.message} onRetry={reload} />}
      {state.status === 'ready' && (
        <>
          <DataTable
            caption="Audit events, newest first"
            captionHidden
            columns={columns}
            rows={state.items}
            rowKey={(e) => e.id}
            empty={
              <EmptyState
                title={filtered ? 'No events match these filters' : 'No audit events yet'}
                description={filtered ? 'Widen the time range or clear a filter.' : 'Sign-ins and changes appear here as they happen.'}
              />
            }
          />
          {state.moreError && <ErrorState layout="inline" title="Can’t load more events" description={state.moreError} onRetry={loadMore} />}
          {state.nextCursor && (
            <div className="flex justify-center">
              <Button variant="secondary" onClick={loadMore} loading={state.loadingMore}>
                Load older events
              </Button>
            </div>
          )}
        </>
      )}
      <AuditEventDialog event={selected} onClose={() => setSelected(null)} />
    </>
  );
}

/** An actor or target: its current name when the admin API gave one (the full type and id on hover), else its type and short id. */
function NamedId({ type, id, labels }: { type: string; id: string | null; labels: Record<string, string> }) {
  const name = id ? labels[id] : undefined;
  if (name) return <span title={`${type} ${id}`}>{name}</span>;
  return <span className="font-mono text-xs">{`${type}${id ? ` ${id.slice(0, 8)}` : ''}`}</span>;
}
