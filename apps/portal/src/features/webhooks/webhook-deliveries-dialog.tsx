'use client';

import { Badge, Button, DataTable, Dialog, EmptyState, ErrorState, Skeleton, type DataTableColumn } from '@sluice/ui';
import { apiRequest } from '../../api/api-client';
import { pageSchema } from '../../api/me-schema';
import { usePagedList } from '../../api/use-paged-list';
import { formatDateTime } from '../../format/dates';
import { ALERT_KIND_LABELS, deliverySchema, type Delivery, type Webhook } from './webhook-schemas';

const STATUS = { pending: ['Pending', 'warning'], delivered: ['Delivered', 'success'], failed: ['Failed', 'danger'] } as const;

/** What the worker sent to a webhook and what the receiver answered, newest first. */
export function WebhookDeliveriesDialog({ webhook, onClose }: { webhook: Webhook | null; onClose: () => void }) {
  if (!webhook) return null;
  return (
    <Dialog open onClose={onClose} size="lg" title={`Deliveries to ${webhook.name}`} description="Alerts sent to this webhook, newest first. Failed deliveries were retried before being marked failed.">
      <DeliveriesTable webhook={webhook} />
      <div className="mt-6 flex justify-end">
        <Button variant="secondary" onClick={onClose}>
          Close
        </Button>
      </div>
    </Dialog>
  );
}

function DeliveriesTable({ webhook }: { webhook: Webhook }) {
  const { state, loadMore, reload } = usePagedList(`webhook-deliveries:${webhook.id}`, (cursor, signal) =>
    apiRequest(`/api/v1/webhooks/${webhook.id}/deliveries`, { query: { cursor, limit: 50 }, schema: pageSchema(deliverySchema), signal }),
  );
  const columns: DataTableColumn<Delivery>[] = [
    { id: 'created', header: 'Sent', cell: (d) => formatDateTime(d.createdAt) },
    { id: 'kind', header: 'Alert', cell: (d) => ALERT_KIND_LABELS[d.alertKind as keyof typeof ALERT_KIND_LABELS] ?? d.alertKind },
    { id: 'status', header: 'Status', cell: (d) => <Badge tone={STATUS[d.status][1]}>{STATUS[d.status][0]}</Badge> },
    { id: 'attempts', header: 'Attempts', align: 'end', cell: (d) => d.attempts },
    { id: 'answer', header: 'Answer', cell: (d) => (d.responseStatus !== null ? `HTTP ${d.responseStatus}` : <span className="text-fg-muted">none</span>) },
    { id: 'error', header: 'Error', cell: (d) => (d.error ? <span className="text-xs break-words">{d.error}</span> : <span className="text-fg-muted">—</span>) },
  ];
  if (state.status === 'loading')
    return (
      <div aria-busy="true">
        <span className="sr-only">Loading deliveries</span>
        <Skeleton className="h-8 w-full" />
      </div>
    );
  if (state.status === 'error') return <ErrorState title="Can’t load the deliveries" description={state.message} onRetry={reload} />;
  return (
    <div className="flex flex-col gap-3">
      <DataTable caption={`Deliveries to ${webhook.name}`} captionHidden columns={columns} rows={state.items} rowKey={(d) => d.id} empty={<EmptyState title="Nothing delivered yet" description="Alerts appear here when the worker sends one. “Send test” is not recorded." />} />
      {state.nextCursor && (
        <Button variant="secondary" onClick={loadMore} loading={state.loadingMore}>
          Load more
        </Button>
      )}
    </div>
  );
}
