'use client';

import { useState, type FormEvent } from 'react';
import { Button, DataTable, EmptyState, ErrorState, SelectField, Skeleton, TextField, type DataTableColumn } from '@sluice/ui';
import { z } from 'zod';
import { apiRequest } from '../../api/api-client';
import { pageSchema } from '../../api/me-schema';
import { usePagedList } from '../../api/use-paged-list';
import { roleLabel } from '../../session/access';
import { ProblemMessage } from '../config-io/problem-message';
import { groupMappingSchema, type GroupMapping } from './sso-schemas';

const ORG_ROLES = ['owner', 'admin', 'team_admin', 'developer', 'auditor', 'viewer'] as const;
const TEAM_ROLES = ['team_admin', 'developer', 'viewer'] as const;

/**
 * Which IdP groups grant which org role and team memberships. Applied at each sign-in (and by SCIM
 * group changes): users leaving a mapped group lose what it granted.
 */
export function GroupMappingsEditor({ connectionId, teams }: { connectionId: string; teams: Array<{ id: string; name: string }> }) {
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const { state, reload, loadMore } = usePagedList(`sso-mappings:${connectionId}`, (cursor, signal) =>
    apiRequest(`/api/v1/sso/connections/${connectionId}/mappings`, { query: { cursor, limit: 500 }, schema: pageSchema(groupMappingSchema), signal }),
  );
  const teamName = (id: string | null) => (id ? (teams.find((t) => t.id === id)?.name ?? 'a team') : '');

  const add = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const idpGroup = String(form.get('idpGroup') ?? '').trim();
    const orgRole = String(form.get('orgRole') ?? '') || null;
    const teamId = String(form.get('teamId') ?? '') || null;
    const teamRole = teamId ? String(form.get('teamRole') ?? 'developer') : null;
    if (!idpGroup) {
      setError(new Error('Enter the group name exactly as the identity provider sends it.'));
      return;
    }
    if (!orgRole && !teamId) {
      setError(new Error('Map the group to an org role, a team, or both.'));
      return;
    }
    setBusy('add');
    setError(null);
    try {
      await apiRequest(`/api/v1/sso/connections/${connectionId}/mappings`, { method: 'POST', body: { idpGroup, orgRole, teamId, teamRole }, schema: groupMappingSchema });
      formElement.reset();
      reload();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(null);
    }
  };

  const remove = async (mapping: GroupMapping) => {
    setBusy(mapping.id);
    setError(null);
    try {
      await apiRequest(`/api/v1/sso/connections/${connectionId}/mappings/${mapping.id}`, { method: 'DELETE', schema: z.undefined() });
      reload();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(null);
    }
  };

  const columns: DataTableColumn<GroupMapping>[] = [
    { id: 'group', header: 'IdP group', sortValue: (m) => m.idpGroup, cell: (m) => <span className="font-mono text-xs">{m.idpGroup}</span> },
    { id: 'org', header: 'Org role', cell: (m) => (m.orgRole ? roleLabel(m.orgRole) : <span className="text-fg-muted">—</span>) },
    { id: 'team', header: 'Team', cell: (m) => (m.teamId ? `${teamName(m.teamId)} (${roleLabel(m.teamRole ?? '')})` : <span className="text-fg-muted">—</span>) },
    {
      id: 'actions',
      header: 'Actions',
      cell: (m) => (
        <Button size="sm" variant="ghost" onClick={() => remove(m)} loading={busy === m.id} aria-label={`Remove mapping for ${m.idpGroup}`}>
          Remove
        </Button>
      ),
    },
  ];

  return (
    <section aria-labelledby="mappings-heading" className="flex flex-col gap-4 rounded-xl border border-border bg-surface p-5">
      <div className="flex flex-col gap-1">
        <h2 id="mappings-heading" className="text-base font-semibold text-fg">
          Group mappings
        </h2>
        <p className="text-sm text-fg-muted">Members of an IdP group get these roles at each sign-in; leaving the group removes them at the next one.</p>
      </div>
      {state.status === 'loading' && (
        <div aria-busy="true">
          <span className="sr-only">Loading group mappings</span>
          <Skeleton className="h-8 w-full" />
        </div>
      )}
      {state.status === 'error' && <ErrorState title="Can’t load the group mappings" description={state.message} onRetry={reload} />}
      {state.status === 'ready' && (
        <>
          <DataTable caption="Group mappings" captionHidden columns={columns} rows={state.items} rowKey={(m) => m.id} empty={<EmptyState title="No group mappings" description="Without one, people who sign in get no role: add a mapping for each IdP group that should have access." />} />
          {state.nextCursor && (
            <Button variant="secondary" onClick={loadMore} loading={state.loadingMore}>
              Load more
            </Button>
          )}
        </>
      )}
      <form aria-label="Add a group mapping" onSubmit={add} noValidate className="flex flex-wrap items-end gap-2">
        <TextField label="IdP group" name="idpGroup" required placeholder="sluice-admins" />
        <SelectField label="Org role" name="orgRole" placeholder="No org role" options={ORG_ROLES.map((r) => ({ value: r, label: roleLabel(r) }))} />
        <SelectField label="Team" name="teamId" placeholder="No team" options={teams.map((t) => ({ value: t.id, label: t.name }))} />
        <SelectField label="Team role" name="teamRole" defaultValue="developer" options={TEAM_ROLES.map((r) => ({ value: r, label: roleLabel(r) }))} />
        <Button type="submit" loading={busy === 'add'}>
          Add mapping
        </Button>
      </form>
      <ProblemMessage error={error} />
    </section>
  );
}
