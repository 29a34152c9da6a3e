'use client';

import { useState } from 'react';
import { Badge, Button, DataTable, Dialog, EmptyState, ErrorState, SelectField, Skeleton, type DataTableColumn } from '@sluice/ui';
import { apiRequest } from '../../api/api-client';
import { usePagedList } from '../../api/use-paged-list';
import { formatDate, formatDateTime, formatRelative } from '../../format/dates';
import { useSession } from '../../session/session-context';
import { PageHeader } from '../../shell/page-header';
import { apiKeyPageSchema, apiKeySchema, apiKeyWithSecretSchema, keyStatus, type ApiKey, type ApiKeyWithSecret } from './api-key-schemas';
import { CreateKeyDialog } from './create-key-dialog';
import { SecretDialog } from './secret-dialog';

const STATUS_BADGE = {
  active: <Badge tone="success">Active</Badge>,
  expired: <Badge tone="warning">Expired</Badge>,
  revoked: <Badge tone="danger">Revoked</Badge>,
} as const;

type PendingAction = { kind: 'rotate' | 'revoke'; key: ApiKey } | null;

/** How long a rotated-out secret keeps working, so apps can be updated without downtime (the admin API allows up to 7 days). */
const GRACE_PERIODS = [
  { value: '0', label: 'Stop it now' },
  { value: '3600', label: '1 hour' },
  { value: '86400', label: '24 hours' },
  { value: '604800', label: '7 days' },
];

export function ApiKeysPage() {
  const session = useSession();
  const canManage = session.can('api-keys:manage');

  const { state, loadMore, reload, update } = usePagedList('api-keys', (cursor, signal) =>
    apiRequest('/api/v1/api-keys', { query: { cursor, limit: 50 }, schema: apiKeyPageSchema, signal }),
  );
  const [creating, setCreating] = useState(false);
  const [revealed, setRevealed] = useState<{ created: ApiKeyWithSecret; rotated: boolean } | null>(null);
  const [pending, setPending] = useState<PendingAction>(null);
  const [actionBusy, setActionBusy] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [graceSeconds, setGraceSeconds] = useState('0');

  const runAction = async () => {
    if (!pending) return;
    setActionBusy(true);
    setActionError(null);
    try {
      if (pending.kind === 'rotate') {
        const rotated = await apiRequest(`/api/v1/api-keys/${pending.key.id}/rotate`, {
          method: 'POST',
          body: { gracePeriodSeconds: Number(graceSeconds) },
          schema: apiKeyWithSecretSchema,
        });
        update((k) => k.id === rotated.key.id, rotated.key);
        setRevealed({ created: rotated, rotated: true });
      } else {
        const revoked = await apiRequest(`/api/v1/api-keys/${pending.key.id}/revoke`, { method: 'POST', body: {}, schema: apiKeySchema });
        update((k) => k.id === revoked.id, revoked);
        setNotice(`Key “${revoked.name}” is revoked. Gateways refuse it within a second.`);
      }
      setPending(null);
    } catch (err) {
      setActionError(err instanceof Error ? err.message : String(err));
    } finally {
      setActionBusy(false);
    }
  };

  const othersKeys = state.status === 'ready' && state.items.some((k) => k.userId !== session.me.user.id);
  const columns: DataTableColumn<ApiKey>[] = [
    {
      id: 'name',
      header: 'Name',
      sortValue: (k) => k.name.toLowerCase(),
      cell: (k) => (
        <div className="flex flex-col">
          <span className="font-medium">{k.name}</span>
          <code className="font-mono text-xs text-fg-muted">{k.displayPrefix}…</code>
        </div>
      ),
    },
    { id: 'team', header: 'Team', sortValue: (k) => k.teamName ?? '', cell: (k) => k.teamName ?? '—' },
    // Admins and team admins see other people's keys: whose each one is.
    ...(othersKeys
      ? [{ id: 'owner', header: 'Owner', sortValue: (k: ApiKey) => k.ownerName ?? '', cell: (k: ApiKey) => (k.userId === session.me.user.id ? 'You' : (k.ownerName ?? '—')) }]
      : []),
    { id: 'status', header: 'Status', sortValue: (k) => keyStatus(k), cell: (k) => STATUS_BADGE[keyStatus(k)] },
    {
      id: 'models',
      header: 'Models',
      cell: (k) => (k.allowedModels.length ? <span className="text-xs">{k.allowedModels.join(', ')}</span> : <span className="text-fg-muted">Team’s models</span>),
    },
    { id: 'created', header: 'Created', sortValue: (k) => k.createdAt, cell: (k) => <time dateTime={k.createdAt} title={formatDateTime(k.createdAt)}>{formatDate(k.createdAt)}</time> },
    {
      id: 'lastUsed',
      header: 'Last used',
      sortValue: (k) => k.lastUsedAt ?? '',
      cell: (k) => (k.lastUsedAt ? <time dateTime={k.lastUsedAt} title={formatDateTime(k.lastUsedAt)}>{formatRelative(k.lastUsedAt)}</time> : <span className="text-fg-muted">Never</span>),
    },
    {
      id: 'expires',
      header: 'Expires',
      sortValue: (k) => k.expiresAt ?? '9999',
      cell: (k) => (k.expiresAt ? <time dateTime={k.expiresAt}>{formatDate(k.expiresAt)}</time> : <span className="text-fg-muted">Never</span>),
    },
    ...(canManage
      ? [
          {
            id: 'actions',
            header: 'Actions',
            cell: (k: ApiKey) =>
              keyStatus(k) === 'revoked' ? null : (
                <div className="flex gap-2">
                  <Button size="sm" variant="secondary" onClick={() => setPending({ kind: 'rotate', key: k })} aria-label={`Rotate ${k.name}`}>
                    Rotate
                  </Button>
                  <Button size="sm" variant="ghost" className="text-danger" onClick={() => setPending({ kind: 'revoke', key: k })} aria-label={`Revoke ${k.name}`}>
                    Revoke
                  </Button>
                </div>
              ),
          },
        ]
      : []),
  ];

  return (
    <>
      <PageHeader
        title="API keys"
        description="Virtual keys your apps use to call the gateway. Each belongs to a team, which sets its models, budget and limits."
        actions={canManage && <Button onClick={() => setCreating(true)}>Create key</Button>}
      />
      {notice && (
        <p role="status" className="rounded-lg border border-border bg-surface px-4 py-3 text-sm text-fg">
          {notice}
        </p>
      )}
      {state.status === 'loading' && (
        <div aria-busy="true" className="flex flex-col gap-3 rounded-xl border border-border bg-surface p-5">
          <span className="sr-only">Loading keys</span>
          {[0, 1, 2].map((i) => (
            <Skeleton key={i} className="h-10 w-full" />
          ))}
        </div>
      )}
      {state.status === 'error' && <ErrorState title="Can’t load your API keys" description={state.message} onRetry={reload} />}
      {state.status === 'ready' && (
        <>
          <DataTable
            caption="Your API keys"
            captionHidden
            columns={columns}
            rows={state.items}
            rowKey={(k) => k.id}
            empty={
              <EmptyState
                title="No API keys yet"
                description={canManage ? 'Create a key, then use it in place of a provider key in any OpenAI SDK.' : 'Your role cannot create keys. Ask a team admin for one.'}
                action={canManage && <Button onClick={() => setCreating(true)}>Create your first key</Button>}
              />
            }
          />
          {state.moreError && <ErrorState layout="inline" title="Can’t load more keys" description={state.moreError} onRetry={loadMore} />}
          {state.nextCursor && (
            <div className="flex justify-center">
              <Button variant="secondary" onClick={loadMore} loading={state.loadingMore}>
                Load more
              </Button>
            </div>
          )}
        </>
      )}

      <CreateKeyDialog
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(created) => {
          setCreating(false);
          setRevealed({ created, rotated: false });
          reload();
        }}
      />
      <SecretDialog created={revealed?.created ?? null} rotated={revealed?.rotated ?? false} onClose={() => setRevealed(null)} />
      <Dialog
        open={pending !== null}
        onClose={() => {
          setPending(null);
          setActionError(null);
        }}
        size="sm"
        title={pending?.kind === 'rotate' ? `Rotate “${pending.key.name}”?` : `Revoke “${pending?.key.name}”?`}
        description={
          pending?.kind === 'rotate'
            ? 'A new secret is issued. Choose how long the current one keeps working, so you can update your apps first.'
            : 'Apps using this key stop working within a second. This cannot be undone.'
        }
        footer={
          <>
            <Button variant="secondary" onClick={() => setPending(null)}>
              Cancel
            </Button>
            <Button variant={pending?.kind === 'revoke' ? 'danger' : 'primary'} onClick={runAction} loading={actionBusy}>
              {pending?.kind === 'rotate' ? 'Rotate key' : 'Revoke key'}
            </Button>
          </>
        }
      >
        {pending?.kind === 'rotate' && (
          <SelectField label="Old secret keeps working for" value={graceSeconds} onChange={(e) => setGraceSeconds(e.target.value)} options={GRACE_PERIODS} />
        )}
        {actionError && (
          <p role="alert" className="mt-3 text-sm text-danger">
            {actionError}
          </p>
        )}
      </Dialog>
    </>
  );
}
