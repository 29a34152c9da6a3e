'use client';

import { useState } from 'react';
import { Button, DataTable, EmptyState, ErrorState, Skeleton, type DataTableColumn } from '@sluice/ui';
import { apiRequest } from '../../api/api-client';
import { usePagedList } from '../../api/use-paged-list';
import { formatDateTime } from '../../format/dates';
import { ConfirmActionDialog } from '../config-io/confirm-action-dialog';
import { ProblemMessage } from '../config-io/problem-message';
import { deadLetterSchema, retryResultSchema, type DeadLetter } from './webhook-schemas';
import { z } from 'zod';

const deadLetterPageSchema = z.object({ items: z.array(deadLetterSchema), nextCursor: z.union([z.string(), z.number()]).nullable() });

/**
 * Jobs the worker gave up on (usage batches, semantic-cache writes, exports, alerts): what they were about
 * (never their content) and why they failed. Those who manage them (owners, admins) retry — the job goes
 * back to its queue as a new job — or discard (audited); auditors read the list only.
 */
export function DeadLettersPanel({ canManage }: { canManage: boolean }) {
  const [retrying, setRetrying] = useState<string | null>(null);
  const [discarding, setDiscarding] = useState<DeadLetter | null>(null);
  const [message, setMessage] = useState<{ ok: string } | { error: unknown } | null>(null);
  const { state, loadMore, reload } = usePagedList('dead-letters', async (cursor, signal) => {
    const page = await apiRequest('/api/v1/dead-letters', { query: { cursor, limit: 50 }, schema: deadLetterPageSchema, signal });
    return { items: page.items, nextCursor: page.nextCursor === null ? null : String(page.nextCursor) };
  });

  const retry = async (letter: DeadLetter) => {
    setRetrying(letter.id);
    setMessage(null);
    try {
      const result = await apiRequest(`/api/v1/dead-letters/${encodeURIComponent(letter.id)}/retry`, { method: 'POST', body: {}, schema: retryResultSchema });
      setMessage({ ok: `Sent back to ${result.queue} as job ${result.requeuedAs}.` });
      reload();
    } catch (err) {
      setMessage({ error: err });
    } finally {
      setRetrying(null);
    }
  };

  const readColumns: DataTableColumn<DeadLetter>[] = [
    { id: 'failed', header: 'Failed', sortValue: (d) => d.failedAt, cell: (d) => formatDateTime(d.failedAt) },
    { id: 'queue', header: 'Queue', sortValue: (d) => d.queue, cell: (d) => <span className="font-mono text-xs">{d.queue}</span> },
    { id: 'job', header: 'Job', cell: (d) => `${d.jobName}${d.jobId ? ` #${d.jobId}` : ''}` },
    { id: 'kind', header: 'Why', cell: (d) => (d.kind === 'malformed' ? 'Malformed payload' : `Gave up after ${d.attempts} attempts`) },
    { id: 'reason', header: 'Error', cell: (d) => <span className="text-xs break-words">{d.reason}</span> },
    {
      id: 'about',
      header: 'About',
      cell: (d) =>
        [d.payloadSummary.events !== null ? `${d.payloadSummary.events} usage events` : null, d.payloadSummary.model, d.payloadSummary.requestIds.length ? `requests ${d.payloadSummary.requestIds.slice(0, 3).join(', ')}` : null]
          .filter(Boolean)
          .join(' · ') || <span className="text-fg-muted">—</span>,
    },
  ];
  const actionsColumn: DataTableColumn<DeadLetter> = {
    id: 'actions',
    header: 'Actions',
    cell: (d) => (
      <span className="flex flex-wrap items-center gap-2">
        {d.kind === 'exhausted' ? (
          <Button size="sm" variant="secondary" onClick={() => retry(d)} loading={retrying === d.id} aria-label={`Retry ${d.jobName} ${d.jobId ?? d.id}`}>
            Retry
          </Button>
        ) : (
          <span className="text-xs text-fg-muted">Cannot be retried</span>
        )}
        <Button size="sm" variant="ghost" onClick={() => setDiscarding(d)} aria-label={`Discard ${d.jobName} ${d.jobId ?? d.id}`}>
          Discard
        </Button>
      </span>
    ),
  };
  const columns = canManage ? [...readColumns, actionsColumn] : readColumns;

  return (
    <section aria-labelledby="dead-letters-heading" className="flex flex-col gap-3">
      <div className="flex flex-col gap-1">
        <h2 id="dead-letters-heading" className="text-base font-semibold text-fg">
          Dead letters
        </h2>
        <p className="text-sm text-fg-muted">
          {canManage ? 'Background jobs the worker gave up on. Retry once the cause (e.g. an unreachable database) is fixed.' : 'Background jobs the worker gave up on, and why. Owners and admins retry or discard them.'}
        </p>
      </div>
      <div aria-live="polite">
        {message && 'ok' in message && (
          <p role="status" className="text-sm text-success">
            {message.ok}
          </p>
        )}
        {message && 'error' in message && <ProblemMessage error={message.error} />}
      </div>
      {state.status === 'loading' && (
        <div aria-busy="true" className="rounded-xl border border-border bg-surface p-5">
          <span className="sr-only">Loading dead letters</span>
          <Skeleton className="h-8 w-full" />
        </div>
      )}
      {state.status === 'error' && <ErrorState title="Can’t load dead letters" description={state.message} onRetry={reload} />}
      {state.status === 'ready' && (
        <>
          <DataTable caption="Dead letters" captionHidden columns={columns} rows={state.items} rowKey={(d) => d.id} empty={<EmptyState title="No dead letters" description="No background job of this organization is waiting here after failing for good." />} />
          {state.nextCursor && (
            <div className="flex justify-center">
              <Button variant="secondary" onClick={loadMore} loading={state.loadingMore}>
                Load more
              </Button>
            </div>
          )}
        </>
      )}
      {discarding && (
        <ConfirmActionDialog
          open
          title="Discard dead letter"
          description={
            <>
              The job <strong>{discarding.jobName}</strong> from <span className="font-mono">{discarding.queue}</span> is deleted for good and can no longer be retried
              {discarding.payloadSummary.events !== null ? `: its ${discarding.payloadSummary.events} usage events will never be counted` : ''}. The audit trail keeps what it was about and why it failed.
            </>
          }
          confirmLabel="Discard"
          onClose={() => setDiscarding(null)}
          onConfirm={async () => {
            await apiRequest(`/api/v1/dead-letters/${encodeURIComponent(discarding.id)}`, { method: 'DELETE', schema: z.undefined() });
            setMessage({ ok: `Discarded ${discarding.jobName}${discarding.jobId ? ` #${discarding.jobId}` : ''}.` });
            setDiscarding(null);
            reload();
          }}
        />
      )}
    </section>
  );
}
