'use client';

import { useEffect, useState } from 'react';
import { Badge, Button, DataTable, EmptyState, ErrorState, Skeleton, type DataTableColumn } from '@sluice/ui';
import { apiRequest } from '../../api/api-client';
import { pageSchema } from '../../api/me-schema';
import { usePagedList } from '../../api/use-paged-list';
import { formatDate, formatRelative } from '../../format/dates';
import { PageHeader } from '../../shell/page-header';
import { ConfirmActionDialog } from '../config-io/confirm-action-dialog';
import { CopyButton } from '../overview/copy-button';
import { CreateScimTokenForm } from './create-scim-token-form';
import { OneTimeSecretDialog } from './one-time-secret-dialog';
import { scimBaseUrl, scimTokenSchema, type ScimToken, type ScimTokenWithSecret } from './scim-token-schemas';

/** Bearer tokens the organization's identity provider uses to provision users and groups over SCIM 2.0. */
export function ScimTokensPage() {
  const [origin, setOrigin] = useState('');
  useEffect(() => setOrigin(window.location.origin), []);
  const [created, setCreated] = useState<ScimTokenWithSecret | null>(null);
  const [revoking, setRevoking] = useState<ScimToken | null>(null);
  const { state, loadMore, reload, update } = usePagedList('scim-tokens', (cursor, signal) =>
    apiRequest('/api/v1/scim/tokens', { query: { cursor, limit: 100, includeRevoked: 'true' }, schema: pageSchema(scimTokenSchema), signal }),
  );
  const baseUrl = origin ? scimBaseUrl(origin) : '';

  const columns: DataTableColumn<ScimToken>[] = [
    { id: 'name', header: 'Name', sortValue: (t) => t.name.toLowerCase(), cell: (t) => <span className="font-medium">{t.name}</span> },
    { id: 'prefix', header: 'Token', cell: (t) => <span className="font-mono text-xs">{t.displayPrefix}…</span> },
    { id: 'keys', header: 'On deactivation', cell: (t) => (t.revokeKeysOnDeactivate ? 'Revokes API keys' : 'Keeps API keys') },
    { id: 'created', header: 'Created', sortValue: (t) => t.createdAt, cell: (t) => formatDate(t.createdAt) },
    { id: 'used', header: 'Last used', sortValue: (t) => t.lastUsedAt ?? '', cell: (t) => (t.lastUsedAt ? formatRelative(t.lastUsedAt) : <span className="text-fg-muted">Never</span>) },
    { id: 'status', header: 'Status', sortValue: (t) => (t.revokedAt ? 1 : 0), cell: (t) => (t.revokedAt ? <Badge>Revoked</Badge> : <Badge tone="success">Active</Badge>) },
    {
      id: 'actions',
      header: 'Actions',
      cell: (t) =>
        t.revokedAt ? null : (
          <Button size="sm" variant="secondary" onClick={() => setRevoking(t)} aria-label={`Revoke ${t.name}`}>
            Revoke
          </Button>
        ),
    },
  ];

  return (
    <>
      <PageHeader
        title="SCIM provisioning"
        description="Your identity provider (Okta, Entra ID…) creates, updates and deactivates users and groups here with a bearer token."
      />
      <section aria-labelledby="scim-endpoint" className="flex flex-col gap-2 rounded-xl border border-border bg-surface p-5">
        <h2 id="scim-endpoint" className="text-base font-semibold text-fg">
          Give your identity provider
        </h2>
        <div className="flex flex-wrap items-center gap-2 text-sm">
          <span className="text-fg-muted">SCIM base URL</span>
          <code data-testid="scim-base-url" className="rounded bg-surface-muted px-2 py-1 font-mono text-xs text-fg">
            {baseUrl || '…'}
          </code>
          {baseUrl && <CopyButton text={baseUrl} label="Copy URL" />}
        </div>
        <p className="text-xs text-fg-muted">
          Authentication: HTTP header, bearer token (the secret of a token below). The portal forwards only <code>/api/*</code>: route <code>/scim/*</code> to the admin
          API in your ingress, or give the admin API’s public origin instead.
        </p>
      </section>
      <CreateScimTokenForm
        onCreated={(next) => {
          setCreated(next);
          reload();
        }}
      />
      <h2 className="text-base font-semibold text-fg">Tokens</h2>
      {state.status === 'loading' && (
        <div aria-busy="true" className="flex flex-col gap-2 rounded-xl border border-border bg-surface p-5">
          <span className="sr-only">Loading SCIM tokens</span>
          <Skeleton className="h-8 w-full" />
          <Skeleton className="h-8 w-full" />
        </div>
      )}
      {state.status === 'error' && <ErrorState title="Can’t load SCIM tokens" description={state.message} onRetry={reload} />}
      {state.status === 'ready' && (
        <>
          <DataTable
            caption="SCIM tokens"
            captionHidden
            columns={columns}
            rows={state.items}
            rowKey={(t) => t.id}
            empty={<EmptyState title="No SCIM tokens yet" description="Create one above and give it to your identity provider with the SCIM base URL." />}
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
      <OneTimeSecretDialog secret={created?.secret ?? null} title={`SCIM token “${created?.token.name ?? ''}” created`} secretLabel="SCIM token" onClose={() => setCreated(null)}>
        <p className="text-sm text-fg">
          In your identity provider’s SCIM settings, set the base URL to <code className="font-mono text-xs">{baseUrl}</code> and the bearer token to this secret.
        </p>
      </OneTimeSecretDialog>
      <RevokeScimTokenDialog token={revoking} onClose={() => setRevoking(null)} onRevoked={(t) => { setRevoking(null); update((x) => x.id === t.id, t); }} />
    </>
  );
}

function RevokeScimTokenDialog({ token, onClose, onRevoked }: { token: ScimToken | null; onClose: () => void; onRevoked: (t: ScimToken) => void }) {
  if (!token) return null;
  return (
    <ConfirmActionDialog
      open
      onClose={onClose}
      title={`Revoke “${token.name}”?`}
      description="The identity provider using it can no longer create, change or deactivate users. Users already provisioned stay."
      confirmLabel="Revoke token"
      onConfirm={async () => onRevoked(await apiRequest(`/api/v1/scim/tokens/${token.id}/revoke`, { method: 'POST', body: {}, schema: scimTokenSchema }))}
    />
  );
}
