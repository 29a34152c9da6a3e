'use client';

import { useState } from 'react';
import { z } from 'zod';
import { Badge, Button, DataTable, EmptyState, ErrorState, Skeleton, type DataTableColumn } from '@sluice/ui';
import { apiRequest } from '../../api/api-client';
import { pageSchema } from '../../api/me-schema';
import { usePagedList } from '../../api/use-paged-list';
import { formatDate } from '../../format/dates';
import { useSession } from '../../session/session-context';
import { PageHeader } from '../../shell/page-header';
import { ConfirmActionDialog } from '../config-io/confirm-action-dialog';
import { ProblemMessage } from '../config-io/problem-message';
import { OneTimeSecretDialog } from '../scim-tokens/one-time-secret-dialog';
import { DeadLettersPanel } from './dead-letters-panel';
import { WebhookDeliveriesDialog } from './webhook-deliveries-dialog';
import { WebhookFormDialog, type WebhookEditing } from './webhook-form-dialog';
import { ALERT_KIND_LABELS, testDeliverySchema, webhookSchema, type TestDelivery, type Webhook } from './webhook-schemas';

/**
 * Where alerts go (generic signed JSON or Slack), and the jobs the worker gave up on. Auditors read the
 * webhooks (the admin API gives them a URL's host only), their delivery logs and the dead letters;
 * changing webhooks, test sends, retrying and discarding dead letters are for owners and admins.
 */
export function WebhooksPage() {
  const session = useSession();
  const canManage = session.can('webhooks:manage');
  const seesDeadLetters = session.can('dead-letters:view');
  const managesDeadLetters = session.can('dead-letters:manage');
  const [editing, setEditing] = useState<WebhookEditing>(null);
  const [deleting, setDeleting] = useState<Webhook | null>(null);
  const [deliveriesOf, setDeliveriesOf] = useState<Webhook | null>(null);
  const [shownSecret, setShownSecret] = useState<{ name: string; secret: string } | null>(null);
  const [testing, setTesting] = useState<string | null>(null);
  const [testResult, setTestResult] = useState<{ webhook: Webhook; result: TestDelivery | null; error: unknown } | null>(null);
  const { state, loadMore, reload, update } = usePagedList('webhooks', (cursor, signal) =>
    apiRequest('/api/v1/webhooks', { query: { cursor, limit: 100 }, schema: pageSchema(webhookSchema), signal }),
  );

  const sendTest = async (webhook: Webhook) => {
    setTesting(webhook.id);
    setTestResult(null);
    try {
      const result = await apiRequest(`/api/v1/webhooks/${webhook.id}/test`, { method: 'POST', body: {}, schema: testDeliverySchema });
      setTestResult({ webhook, result, error: null });
    } catch (err) {
      setTestResult({ webhook, result: null, error: err });
    } finally {
      setTesting(null);
    }
  };

  const columns: DataTableColumn<Webhook>[] = [
    { id: 'name', header: 'Name', sortValue: (w) => w.name.toLowerCase(), cell: (w) => <span className="font-medium">{w.name}</span> },
    { id: 'url', header: 'URL', cell: (w) => <WebhookUrl webhook={w} /> },
    { id: 'kind', header: 'Format', sortValue: (w) => w.kind, cell: (w) => (w.kind === 'slack' ? 'Slack' : 'Generic JSON') },
    {
      id: 'events',
      header: 'Alerts',
      cell: (w) => (w.eventKinds.length ? w.eventKinds.map((k) => ALERT_KIND_LABELS[k as keyof typeof ALERT_KIND_LABELS] ?? k).join(', ') : <span className="text-fg-muted">All</span>),
    },
    { id: 'secret', header: 'Signed', cell: (w) => (w.hasSecret ? 'Yes' : <span className="text-fg-muted">No</span>) },
    { id: 'status', header: 'Status', sortValue: (w) => String(w.enabled), cell: (w) => <Badge tone={w.enabled ? 'success' : 'neutral'}>{w.enabled ? 'Enabled' : 'Disabled'}</Badge> },
    { id: 'updated', header: 'Updated', sortValue: (w) => w.updatedAt, cell: (w) => formatDate(w.updatedAt) },
    {
      id: 'actions',
      header: 'Actions',
      cell: (w) => (
        <div className="flex flex-wrap gap-2">
          {canManage && (
            <Button size="sm" variant="secondary" onClick={() => sendTest(w)} loading={testing === w.id} aria-label={`Send a test alert to ${w.name}`}>
              Send test
            </Button>
          )}
          <Button size="sm" variant="secondary" onClick={() => setDeliveriesOf(w)} aria-label={`Deliveries to ${w.name}`}>
            Deliveries
          </Button>
          {canManage && (
            <>
              <Button size="sm" variant="secondary" onClick={() => setEditing({ mode: 'edit', webhook: w })} aria-label={`Edit ${w.name}`}>
                Edit
              </Button>
              <Button size="sm" variant="ghost" onClick={() => setDeleting(w)} aria-label={`Delete ${w.name}`}>
                Delete
              </Button>
            </>
          )}
        </div>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title="Webhooks & alerts"
        description="Budget, error-rate, latency and key-expiry alerts are delivered to these URLs. Failed deliveries are retried by the worker."
        actions={canManage && <Button onClick={() => setEditing({ mode: 'create' })}>Add webhook</Button>}
      />
      <div aria-live="polite">
        {testResult && (
          <div role="status" data-testid="webhook-test-result" className="rounded-lg border border-border bg-surface px-4 py-3 text-sm text-fg">
            {testResult.result?.ok && `Test alert delivered to ${testResult.webhook.name}: the receiver answered HTTP ${testResult.result.status}.`}
            {testResult.result && !testResult.result.ok &&
              `Test alert to ${testResult.webhook.name} failed: ${testResult.result.status !== null ? `the receiver answered HTTP ${testResult.result.status}` : 'no answer'}${testResult.result.error ? ` (${testResult.result.error})` : ''}. Check the URL and that the receiver accepts POST requests.`}
            {testResult.error !== null && <ProblemMessage error={testResult.error} />}
          </div>
        )}
      </div>
      {state.status === 'loading' && (
        <div aria-busy="true" className="flex flex-col gap-2 rounded-xl border border-border bg-surface p-5">
          <span className="sr-only">Loading webhooks</span>
          <Skeleton className="h-8 w-full" />
          <Skeleton className="h-8 w-full" />
        </div>
      )}
      {state.status === 'error' && <ErrorState title="Can’t load webhooks" description={state.message} onRetry={reload} />}
      {state.status === 'ready' && (
        <>
          <DataTable
            caption="Webhooks"
            captionHidden
            columns={columns}
            rows={state.items}
            rowKey={(w) => w.id}
            empty={
              <EmptyState
                title="No webhooks yet"
                description={canManage ? 'Add one to be told when a budget runs low, errors or latency spike, or a key is about to expire.' : 'No alert of this organization is delivered anywhere: administrators add webhooks here.'}
              />
            }
          />
          {state.nextCursor && (
            <div className="flex justify-center">
              <Button variant="secondary" onClick={loadMore} loading={state.loadingMore}>
                Load more
              </Button>
            </div>
          )}
        </>
      )}
      {seesDeadLetters && <DeadLettersPanel canManage={managesDeadLetters} />}
      <WebhookFormDialog
        editing={editing}
        onClose={() => setEditing(null)}
        onSaved={(saved, secret, created) => {
          setEditing(null);
          if (created) reload();
          else update((w) => w.id === saved.id, saved);
          if (secret) setShownSecret({ name: saved.name, secret });
        }}
      />
      <OneTimeSecretDialog secret={shownSecret?.secret ?? null} title={`Signing secret for “${shownSecret?.name ?? ''}”`} secretLabel="Signing secret" onClose={() => setShownSecret(null)}>
        <p className="text-sm text-fg">
          Verify each delivery: compute HMAC-SHA-256 of <code className="font-mono text-xs">{'<x-sluice-timestamp>.<raw body>'}</code> with this secret and compare it with the{' '}
          <code className="font-mono text-xs">x-sluice-signature</code> header (<code className="font-mono text-xs">sha256=…</code>).
        </p>
      </OneTimeSecretDialog>
      <WebhookDeliveriesDialog webhook={deliveriesOf} onClose={() => setDeliveriesOf(null)} />
      <DeleteWebhookDialog webhook={deleting} onClose={() => setDeleting(null)} onDeleted={() => { setDeleting(null); reload(); }} />
    </>
  );
}

/** The URL as the admin API gave it: whole for those who manage webhooks, cut to its host for read-only roles. */
function WebhookUrl({ webhook }: { webhook: Webhook }) {
  return (
    <span className="flex flex-col">
      <span className="font-mono text-xs break-all">{webhook.url}</span>
      {webhook.urlRedacted && <span className="text-xs text-fg-muted">Path hidden: it can carry the receiver’s token</span>}
    </span>
  );
}

function DeleteWebhookDialog({ webhook, onClose, onDeleted }: { webhook: Webhook | null; onClose: () => void; onDeleted: () => void }) {
  if (!webhook) return null;
  return (
    <ConfirmActionDialog
      open
      onClose={onClose}
      title={`Delete “${webhook.name}”?`}
      description="Alerts stop going to this URL and its delivery log is deleted."
      confirmLabel="Delete webhook"
      onConfirm={async () => {
        await apiRequest(`/api/v1/webhooks/${webhook.id}`, { method: 'DELETE', schema: z.undefined() });
        onDeleted();
      }}
    />
  );
}
