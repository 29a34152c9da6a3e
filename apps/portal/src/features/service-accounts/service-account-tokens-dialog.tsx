'use client';

import { useState, type FormEvent } from 'react';
import { Badge, Button, DataTable, Dialog, EmptyState, ErrorState, Skeleton, TextField, type DataTableColumn } from '@sluice/ui';
import { apiRequest } from '../../api/api-client';
import { pageSchema } from '../../api/me-schema';
import { usePagedList } from '../../api/use-paged-list';
import { formatDate, formatRelative } from '../../format/dates';
import { ProblemMessage } from '../config-io/problem-message';
import { CopyButton } from '../overview/copy-button';
import { expiryFromDateInput, serviceAccountTokenSchema, tokenWithSecretSchema, type ServiceAccount, type ServiceAccountToken, type TokenWithSecret } from './service-account-schemas';

/** A service account's bearer tokens: see prefixes and use; with `canManage` also issue one (shown once, here) and revoke. */
export function ServiceAccountTokensDialog({ account, canManage, onClose }: { account: ServiceAccount | null; canManage: boolean; onClose: () => void }) {
  if (!account) return null;
  return (
    <Dialog open onClose={onClose} size="lg" title={`Tokens of ${account.name}`} description={`${canManage ? 'Send a token as “Authorization: Bearer …” to the admin API.' : 'The bearer tokens this account calls the admin API with: only their prefixes are shown.'} Sluice keeps only a hash of each.`}>
      <TokensPanel account={account} canManage={canManage} />
      <div className="mt-6 flex justify-end">
        <Button variant="secondary" onClick={onClose}>
          Close
        </Button>
      </div>
    </Dialog>
  );
}

function TokensPanel({ account, canManage }: { account: ServiceAccount; canManage: boolean }) {
  const [created, setCreated] = useState<TokenWithSecret | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const { state, loadMore, reload, update } = usePagedList(`sa-tokens:${account.id}`, (cursor, signal) =>
    apiRequest(`/api/v1/service-accounts/${account.id}/tokens`, { query: { cursor, limit: 100 }, schema: pageSchema(serviceAccountTokenSchema), signal }),
  );

  const issue = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const name = String(form.get('name') ?? '').trim();
    if (!name) {
      setError(new Error('Name the token after where it is used, e.g. “GitHub Actions”.'));
      return;
    }
    const expiresAt = expiryFromDateInput(String(form.get('expiresOn') ?? ''));
    setBusy('issue');
    setError(null);
    try {
      const next = await apiRequest(`/api/v1/service-accounts/${account.id}/tokens`, { method: 'POST', body: { name, ...(expiresAt ? { expiresAt } : {}) }, schema: tokenWithSecretSchema });
      formElement.reset();
      setCreated(next);
      reload();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(null);
    }
  };

  const revoke = async (token: ServiceAccountToken) => {
    setBusy(token.id);
    setError(null);
    try {
      update((t) => t.id === token.id, await apiRequest(`/api/v1/service-accounts/${account.id}/tokens/${token.id}/revoke`, { method: 'POST', body: {}, schema: serviceAccountTokenSchema }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(null);
    }
  };

  const actionsColumn: DataTableColumn<ServiceAccountToken> = {
    id: 'actions',
    header: 'Actions',
    cell: (t) =>
      t.revokedAt ? null : (
        <Button size="sm" variant="ghost" onClick={() => revoke(t)} loading={busy === t.id} aria-label={`Revoke token ${t.name}`}>
          Revoke
        </Button>
      ),
  };

  const columns: DataTableColumn<ServiceAccountToken>[] = [
    { id: 'name', header: 'Name', cell: (t) => <span className="font-medium">{t.name}</span> },
    { id: 'prefix', header: 'Token', cell: (t) => <span className="font-mono text-xs">{t.displayPrefix}…</span> },
    { id: 'expires', header: 'Expires', cell: (t) => (t.expiresAt ? formatDate(t.expiresAt) : <span className="text-fg-muted">Never</span>) },
    { id: 'used', header: 'Last used', cell: (t) => (t.lastUsedAt ? formatRelative(t.lastUsedAt) : <span className="text-fg-muted">Never</span>) },
    { id: 'created', header: 'Issued', cell: (t) => formatDate(t.createdAt) },
    { id: 'status', header: 'Status', cell: (t) => (t.revokedAt ? <Badge>Revoked</Badge> : t.expiresAt && Date.parse(t.expiresAt) < Date.now() ? <Badge tone="warning">Expired</Badge> : <Badge tone="success">Active</Badge>) },
    ...(canManage ? [actionsColumn] : []),
  ];

  return (
    <div className="flex flex-col gap-4">
      {created && (
        <div role="status" className="flex flex-col gap-2 rounded-lg border border-accent/30 bg-accent-soft p-3">
          <p className="text-sm font-medium text-fg">Token “{created.token.name}” issued. Copy it now: it is not shown again.</p>
          <div className="flex items-center gap-2">
            <code data-testid="one-time-secret" className="min-w-0 flex-1 rounded-lg border border-border bg-surface px-3 py-2 font-mono text-sm break-all text-fg">
              {created.secret}
            </code>
            <CopyButton text={created.secret} label="Copy token" />
          </div>
        </div>
      )}
      {!canManage ? (
        account.disabledAt && <p className="text-sm text-fg-muted">This account is disabled: none of its tokens work.</p>
      ) : account.disabledAt ? (
        <p className="text-sm text-fg-muted">This account is disabled: enable it to issue tokens (its tokens do not work meanwhile).</p>
      ) : (
        <form aria-label="Issue a token" onSubmit={issue} noValidate className="flex flex-wrap items-end gap-2">
          <TextField label="Token name" name="name" required placeholder="GitHub Actions" />
          <TextField label="Expires on (optional)" name="expiresOn" type="date" />
          <Button type="submit" loading={busy === 'issue'}>
            Issue token
          </Button>
        </form>
      )}
      <ProblemMessage error={error} />
      {state.status === 'loading' && (
        <div aria-busy="true">
          <span className="sr-only">Loading tokens</span>
          <Skeleton className="h-8 w-full" />
        </div>
      )}
      {state.status === 'error' && <ErrorState title="Can’t load the tokens" description={state.message} onRetry={reload} />}
      {state.status === 'ready' && (
        <>
          <DataTable caption={`Tokens of ${account.name}`} captionHidden columns={columns} rows={state.items} rowKey={(t) => t.id} empty={<EmptyState title="No tokens yet" description={canManage ? 'Issue one for each place the account is used, so you can revoke them one by one.' : 'This account cannot call the admin API until an administrator issues it a token.'} />} />
          {state.nextCursor && (
            <Button variant="secondary" onClick={loadMore} loading={state.loadingMore}>
              Load more
            </Button>
          )}
        </>
      )}
    </div>
  );
}
