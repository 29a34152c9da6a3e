'use client';

import Link from 'next/link';
import { Badge, Button, cx, DataTable, EmptyState, ErrorState, focusRing, Skeleton, type DataTableColumn } from '@sluice/ui';
import { apiRequest } from '../../api/api-client';
import { pageSchema } from '../../api/me-schema';
import { usePagedList } from '../../api/use-paged-list';
import { formatDate } from '../../format/dates';
import { PageHeader } from '../../shell/page-header';
import { ssoConnectionSchema, type SsoConnection } from './sso-schemas';

const linkButton = cx('inline-flex h-10 items-center rounded-lg bg-accent px-4 text-sm font-medium text-accent-fg hover:bg-accent-hover', focusRing);

/** The organization's SSO connections (several are allowed: e.g. one per subsidiary's IdP). */
export function SsoConnectionsPage() {
  const { state, loadMore, reload } = usePagedList('sso-connections', (cursor, signal) =>
    apiRequest('/api/v1/sso/connections', { query: { cursor, limit: 100 }, schema: pageSchema(ssoConnectionSchema), signal }),
  );

  const columns: DataTableColumn<SsoConnection>[] = [
    {
      id: 'name',
      header: 'Name',
      sortValue: (c) => c.name.toLowerCase(),
      cell: (c) => (
        <Link href={`/settings/sso/${c.id}`} className={cx('font-medium text-accent underline-offset-2 hover:underline', focusRing)}>
          {c.name}
        </Link>
      ),
    },
    { id: 'type', header: 'Protocol', sortValue: (c) => c.type, cell: (c) => (c.type === 'oidc' ? 'OpenID Connect' : 'SAML 2.0') },
    {
      id: 'idp',
      header: 'Identity provider',
      cell: (c) => <span className="font-mono text-xs break-all">{String(c.type === 'oidc' ? (c.settings.issuer ?? '') : (c.settings.idpEntityId ?? ''))}</span>,
    },
    { id: 'status', header: 'Status', sortValue: (c) => String(c.enabled), cell: (c) => <Badge tone={c.enabled ? 'success' : 'neutral'}>{c.enabled ? 'Enabled' : 'Disabled'}</Badge> },
    { id: 'updated', header: 'Updated', sortValue: (c) => c.updatedAt, cell: (c) => formatDate(c.updatedAt) },
  ];

  return (
    <>
      <PageHeader
        title="SSO connections"
        description="People of this organization sign in through these identity providers; group mappings decide their roles."
        actions={
          <Link href="/settings/sso/new" className={linkButton}>
            Add connection
          </Link>
        }
      />
      {state.status === 'loading' && (
        <div aria-busy="true" className="flex flex-col gap-2 rounded-xl border border-border bg-surface p-5">
          <span className="sr-only">Loading SSO connections</span>
          <Skeleton className="h-8 w-full" />
          <Skeleton className="h-8 w-full" />
        </div>
      )}
      {state.status === 'error' && <ErrorState title="Can’t load SSO connections" description={state.message} onRetry={reload} />}
      {state.status === 'ready' && (
        <>
          <DataTable
            caption="SSO connections"
            captionHidden
            columns={columns}
            rows={state.items}
            rowKey={(c) => c.id}
            empty={<EmptyState title="No SSO connections yet" description="Add your identity provider (OIDC or SAML); until then people sign in with the break-glass password." />}
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
    </>
  );
}
