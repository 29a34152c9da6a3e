'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { z } from 'zod';
import { Badge, Button, cx, ErrorState, focusRing, Skeleton } from '@sluice/ui';
import { apiRequest } from '../../api/api-client';
import { useApiQuery } from '../../api/use-api-query';
import { usePagedList } from '../../api/use-paged-list';
import { PageHeader } from '../../shell/page-header';
import { ConfirmActionDialog } from '../config-io/confirm-action-dialog';
import { CopyButton } from '../overview/copy-button';
import { teamPageSchema } from '../teams/team-schemas';
import { ConnectionTestPanel } from './connection-test-panel';
import { GroupMappingsEditor } from './group-mappings-editor';
import { SsoConnectionForm } from './sso-connection-form';
import { ssoConnectionSchema, type SsoConnection } from './sso-schemas';

/** One connection: what to register at the IdP, its settings, its group mappings, a test sign-in. */
export function SsoConnectionDetailPage({ connectionId, testId }: { connectionId: string; testId: string | null }) {
  const { state, reload } = useApiQuery(`sso-connection:${connectionId}`, (signal) => apiRequest(`/api/v1/sso/connections/${connectionId}`, { schema: ssoConnectionSchema, signal }));
  const [saved, setSaved] = useState<SsoConnection | null>(null);
  const teams = usePagedList('sso:teams', (cursor, signal) => apiRequest('/api/v1/teams', { query: { cursor, limit: 200 }, schema: teamPageSchema, signal }));
  const teamList = teams.state.status === 'ready' ? teams.state.items.map((t) => ({ id: t.id, name: t.name })) : [];
  const teamName = (id: string | null) => (id ? (teamList.find((t) => t.id === id)?.name ?? 'a team') : '');

  const back = (
    <Link href="/settings/sso" className={cx('w-fit text-sm text-accent hover:underline', focusRing)}>
      ← SSO connections
    </Link>
  );
  if (state.status === 'loading')
    return (
      <>
        {back}
        <div aria-busy="true" className="flex flex-col gap-3">
          <span className="sr-only">Loading the connection</span>
          <Skeleton className="h-10 w-1/3" />
          <Skeleton className="h-40 w-full" />
        </div>
      </>
    );
  if (state.status === 'error')
    return (
      <>
        {back}
        <h1 className="sr-only">SSO connection</h1>
        <ErrorState title="Can’t load this SSO connection" description={state.message} onRetry={reload} />
      </>
    );
  const connection = saved?.id === connectionId ? saved : state.data;

  return (
    <>
      {back}
      <PageHeader
        title={connection.name}
        description={
          <span className="flex items-center gap-2">
            {connection.type === 'oidc' ? 'OpenID Connect' : 'SAML 2.0'}
            <Badge tone={connection.enabled ? 'success' : 'neutral'}>{connection.enabled ? 'Enabled' : 'Disabled'}</Badge>
          </span>
        }
        actions={<DeleteConnectionButton connection={connection} />}
      />
      <ServiceProviderUrls connection={connection} />
      <ConnectionTestPanel connectionId={connection.id} testId={testId} teamName={teamName} />
      <section aria-labelledby="settings-heading" className="flex flex-col gap-4 rounded-xl border border-border bg-surface p-5">
        <h2 id="settings-heading" className="text-base font-semibold text-fg">
          Settings
        </h2>
        <SsoConnectionForm key={connection.updatedAt} current={connection} onSaved={setSaved} />
        {saved && (
          <p role="status" className="text-sm text-success">
            Saved.
          </p>
        )}
      </section>
      <GroupMappingsEditor connectionId={connection.id} teams={teamList} />
    </>
  );
}

/** The values the identity provider's admin registers for Sluice. */
function ServiceProviderUrls({ connection }: { connection: SsoConnection }) {
  const rows =
    connection.type === 'oidc'
      ? [{ label: 'Redirect (callback) URI', copy: 'Copy redirect URI', value: connection.redirectUri }]
      : [
          { label: 'SP metadata URL', copy: 'Copy metadata URL', value: connection.spMetadataUrl },
          { label: 'ACS (reply) URL', copy: 'Copy ACS URL', value: connection.acsUrl },
          { label: 'SP entity ID (audience)', copy: 'Copy entity ID', value: connection.spEntityId },
        ];
  return (
    <section aria-labelledby="sp-heading" className="flex flex-col gap-3 rounded-xl border border-border bg-surface p-5">
      <div className="flex flex-col gap-1">
        <h2 id="sp-heading" className="text-base font-semibold text-fg">
          Give your identity provider
        </h2>
        <p className="text-sm text-fg-muted">
          {connection.type === 'oidc' ? 'Register this redirect URI for the client (authorization code flow with PKCE).' : 'Import the SP metadata URL, or enter the ACS URL and entity ID. Sign the assertion with RSA-SHA256.'}
        </p>
      </div>
      <dl className="flex flex-col gap-2">
        {rows.map((row) => (
          <div key={row.label} className="flex flex-wrap items-center gap-2">
            <dt className="w-52 text-sm text-fg-muted">{row.label}</dt>
            <dd className="flex min-w-0 flex-1 items-center gap-2">
              <code className="min-w-0 flex-1 rounded bg-surface-muted px-2 py-1 font-mono text-xs break-all text-fg">{row.value ?? '—'}</code>
              {row.value && <CopyButton text={row.value} label={row.copy} />}
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

function DeleteConnectionButton({ connection }: { connection: SsoConnection }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant="secondary" onClick={() => setOpen(true)}>
        Delete connection
      </Button>
      <ConfirmActionDialog
        open={open}
        onClose={() => setOpen(false)}
        title={`Delete “${connection.name}”?`}
        description="People can no longer sign in with it. Its group mappings and identity links are deleted; users and their memberships stay."
        confirmLabel="Delete connection"
        onConfirm={async () => {
          await apiRequest(`/api/v1/sso/connections/${connection.id}`, { method: 'DELETE', schema: z.undefined() });
          router.push('/settings/sso');
        }}
      />
    </>
  );
}
