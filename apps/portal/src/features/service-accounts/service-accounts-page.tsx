'use client';

import { useState } from 'react';
import { Badge, Button, DataTable, EmptyState, ErrorState, Skeleton, type DataTableColumn } from '@sluice/ui';
import { apiRequest } from '../../api/api-client';
import { pageSchema } from '../../api/me-schema';
import { usePagedList } from '../../api/use-paged-list';
import { formatDate } from '../../format/dates';
import { roleLabel } from '../../session/access';
import { useSession } from '../../session/session-context';
import { PageHeader } from '../../shell/page-header';
import { ProblemMessage } from '../config-io/problem-message';
import { teamPageSchema } from '../teams/team-schemas';
import { CreateServiceAccountDialog } from './create-service-account-dialog';
import { serviceAccountSchema, type ServiceAccount } from './service-account-schemas';
import { ServiceAccountTokensDialog } from './service-account-tokens-dialog';

/** Identities for automation: each has one role and its own revocable tokens. Auditors see them and their tokens' metadata, nothing to change. */
export function ServiceAccountsPage() {
  const canManage = useSession().can('service-accounts:manage');
  const [creating, setCreating] = useState(false);
  const [tokensOf, setTokensOf] = useState<ServiceAccount | null>(null);
  const [toggling, setToggling] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const { state, loadMore, reload, update } = usePagedList('service-accounts', (cursor, signal) =>
    apiRequest('/api/v1/service-accounts', { query: { cursor, limit: 100 }, schema: pageSchema(serviceAccountSchema), signal }),
  );
  const teams = usePagedList('service-accounts:teams', (cursor, signal) => apiRequest('/api/v1/teams', { query: { cursor, limit: 200 }, schema: teamPageSchema, signal }));
  const teamList = teams.state.status === 'ready' ? teams.state.items.map((t) => ({ id: t.id, name: t.name })) : [];

  const toggle = async (account: ServiceAccount) => {
    setToggling(account.id);
    setError(null);
    try {
      update((a) => a.id === account.id, await apiRequest(`/api/v1/service-accounts/${account.id}`, { method: 'PATCH', body: { disabled: !account.disabledAt }, schema: serviceAccountSchema }));
    } catch (err) {
      setError(err);
    } finally {
      setToggling(null);
    }
  };

  const columns: DataTableColumn<ServiceAccount>[] = [
    {
      id: 'name',
      header: 'Name',
      sortValue: (a) => a.name.toLowerCase(),
      cell: (a) => (
        <div className="flex flex-col">
          <span className="font-medium">{a.name}</span>
          {a.description && <span className="text-xs text-fg-muted">{a.description}</span>}
        </div>
      ),
    },
    {
      id: 'role',
      header: 'Role',
      sortValue: (a) => a.role,
      cell: (a) => `${roleLabel(a.role)}${a.teamId ? ` in ${teamList.find((t) => t.id === a.teamId)?.name ?? 'a team'}` : ''}`,
    },
    { id: 'status', header: 'Status', sortValue: (a) => (a.disabledAt ? 1 : 0), cell: (a) => (a.disabledAt ? <Badge>Disabled</Badge> : <Badge tone="success">Active</Badge>) },
    { id: 'created', header: 'Created', sortValue: (a) => a.createdAt, cell: (a) => formatDate(a.createdAt) },
    {
      id: 'actions',
      header: 'Actions',
      cell: (a) => (
        <div className="flex flex-wrap gap-2">
          <Button size="sm" variant="secondary" onClick={() => setTokensOf(a)} aria-label={`Tokens of ${a.name}`}>
            Tokens
          </Button>
          {canManage && (
            <Button size="sm" variant="ghost" onClick={() => toggle(a)} loading={toggling === a.id} aria-label={`${a.disabledAt ? 'Enable' : 'Disable'} ${a.name}`}>
              {a.disabledAt ? 'Enable' : 'Disable'}
            </Button>
          )}
        </div>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title="Service accounts"
        description={
          canManage
            ? 'For CI pipelines and scripts that manage Sluice through the admin API. Disabling one stops all its tokens and the gateway API keys it owns at once.'
            : 'The identities CI pipelines and scripts use to call the admin API, each with one role. Token secrets are never shown; administrators issue and revoke them.'
        }
        actions={canManage && <Button onClick={() => setCreating(true)}>Create service account</Button>}
      />
      <ProblemMessage error={error} />
      {state.status === 'loading' && (
        <div aria-busy="true" className="flex flex-col gap-2 rounded-xl border border-border bg-surface p-5">
          <span className="sr-only">Loading service accounts</span>
          <Skeleton className="h-8 w-full" />
          <Skeleton className="h-8 w-full" />
        </div>
      )}
      {state.status === 'error' && <ErrorState title="Can’t load service accounts" description={state.message} onRetry={reload} />}
      {state.status === 'ready' && (
        <>
          <DataTable
            caption="Service accounts"
            captionHidden
            columns={columns}
            rows={state.items}
            rowKey={(a) => a.id}
            empty={<EmptyState title="No service accounts yet" description="Create one for each pipeline or script, with the narrowest role it needs." />}
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
      <CreateServiceAccountDialog
        open={creating}
        teams={teamList}
        onClose={() => setCreating(false)}
        onCreated={(account) => {
          setCreating(false);
          reload();
          setTokensOf(account);
        }}
      />
      <ServiceAccountTokensDialog account={tokensOf} canManage={canManage} onClose={() => setTokensOf(null)} />
    </>
  );
}
