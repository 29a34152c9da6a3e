'use client';

import { useRef, useState, type FormEvent } from 'react';
import { z } from 'zod';
import { Button, DataTable, Dialog, ErrorState, SelectField, Skeleton, type DataTableColumn } from '@sluice/ui';
import { apiRequest } from '../../api/api-client';
import { useApiQuery } from '../../api/use-api-query';
import { usePagedList } from '../../api/use-paged-list';
import { roleLabel } from '../../session/access';
import { orgUserPageSchema, TEAM_ROLES, teamMemberPageSchema, teamMemberSchema, type TeamMember } from './team-schemas';

const ROLE_OPTIONS = TEAM_ROLES.map((r) => ({ value: r, label: roleLabel(r) }));

/**
 * Who is in the team and with which role; admins and the team's admins change it. `readOnlyUserId`: a
 * member whose row is not offered for change — a team admin's own, since demoting or removing
 * themselves would take away their access to this page's changes.
 */
export function TeamMembersPanel({ teamId, canManage, readOnlyUserId }: { teamId: string; canManage: boolean; readOnlyUserId?: string }) {
  const { state, reload, update } = usePagedList(`members:${teamId}`, (cursor, signal) =>
    apiRequest(`/api/v1/teams/${teamId}/members`, { query: { cursor, limit: 200 }, schema: teamMemberPageSchema, signal }),
  );
  const [removing, setRemoving] = useState<TeamMember | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const changeRole = async (member: TeamMember, role: string) => {
    setError(null);
    try {
      update((m) => m.userId === member.userId, await apiRequest(`/api/v1/teams/${teamId}/members/${member.userId}`, { method: 'PATCH', body: { role }, schema: teamMemberSchema }));
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };

  const remove = async () => {
    if (!removing) return;
    setBusy(true);
    try {
      await apiRequest(`/api/v1/teams/${teamId}/members/${removing.userId}`, { method: 'DELETE', schema: z.unknown() });
      setRemoving(null);
      reload();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      setRemoving(null);
    } finally {
      setBusy(false);
    }
  };

  const columns: DataTableColumn<TeamMember>[] = [
    { id: 'name', header: 'Member', sortValue: (m) => m.displayName.toLowerCase(), cell: (m) => <div className="flex flex-col"><span className="font-medium">{m.displayName}</span><span className="text-xs text-fg-muted">{m.email}</span></div> },
    {
      id: 'role',
      header: 'Team role',
      sortValue: (m) => m.role,
      cell: (m) =>
        canManage && m.userId !== readOnlyUserId && (TEAM_ROLES as readonly string[]).includes(m.role) ? (
          <SelectField label={<span className="sr-only">Role of {m.displayName}</span>} value={m.role} onChange={(e) => changeRole(m, e.target.value)} options={ROLE_OPTIONS} />
        ) : (
          roleLabel(m.role)
        ),
    },
    { id: 'status', header: 'Status', cell: (m) => m.status },
    ...(canManage
      ? [
          {
            id: 'actions',
            header: 'Actions',
            cell: (m: TeamMember) =>
              m.userId === readOnlyUserId ? (
                <span className="text-xs text-fg-muted">You</span>
              ) : (
                <Button size="sm" variant="ghost" className="text-danger" onClick={() => setRemoving(m)} aria-label={`Remove ${m.displayName}`}>
                  Remove
                </Button>
              ),
          },
        ]
      : []),
  ];

  return (
    <section aria-labelledby="members-heading" className="flex flex-col gap-4">
      <h2 id="members-heading" className="text-base font-semibold text-fg">
        Members
      </h2>
      {error && <ErrorState layout="inline" title="The change was not made" description={error} />}
      {canManage && <AddMemberForm teamId={teamId} memberIds={new Set(state.status === 'ready' ? state.items.map((m) => m.userId) : [])} onAdded={reload} />}
      {state.status === 'loading' && <Skeleton className="h-24 w-full" />}
      {state.status === 'error' && <ErrorState title="Can’t load the members" description={state.message} onRetry={reload} />}
      {state.status === 'ready' && <DataTable caption="Team members" captionHidden columns={columns} rows={state.items} rowKey={(m) => m.userId} empty={<p className="text-sm text-fg-muted">No members yet.</p>} />}
      <Dialog
        open={removing !== null}
        onClose={() => setRemoving(null)}
        size="sm"
        title={`Remove ${removing?.displayName ?? ''} from the team?`}
        description="Their active keys in this team are revoked at once."
        footer={
          <>
            <Button variant="secondary" onClick={() => setRemoving(null)}>
              Cancel
            </Button>
            <Button variant="danger" onClick={remove} loading={busy}>
              Remove member
            </Button>
          </>
        }
      />
    </section>
  );
}

function AddMemberForm({ teamId, memberIds, onAdded }: { teamId: string; memberIds: ReadonlySet<string>; onAdded: () => void }) {
  const formRef = useRef<HTMLFormElement>(null);
  const users = useApiQuery('org-users', (signal) => apiRequest('/api/v1/users', { query: { limit: 200, status: 'active' }, schema: orgUserPageSchema, signal }));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const userId = String(form.get('userId') ?? '');
    if (!userId) {
      setError('Choose a user to add.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await apiRequest(`/api/v1/teams/${teamId}/members`, { method: 'POST', body: { userId, role: String(form.get('role')) }, schema: teamMemberSchema });
      // Not event.currentTarget: React clears it once the handler has awaited.
      formRef.current?.reset();
      onAdded();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  if (users.state.status === 'error') return <ErrorState layout="inline" title="Can’t list the organization’s users" description={users.state.message} onRetry={users.reload} />;
  // Members already in the team are not offered: adding one again is refused (409 already-a-member).
  const options = users.state.status === 'ready' ? users.state.data.items.filter((u) => !memberIds.has(u.id)).map((u) => ({ value: u.id, label: `${u.displayName} (${u.email})` })) : [];
  return (
    <form ref={formRef} onSubmit={submit} aria-label="Add a member" className="flex flex-wrap items-end gap-3 rounded-xl border border-border bg-surface p-4">
      <SelectField label="User" name="userId" options={options} placeholder={users.state.status === 'loading' ? 'Loading users…' : 'Choose a user'} error={error ?? undefined} className="min-w-64" />
      <SelectField label="Role" name="role" defaultValue="developer" options={ROLE_OPTIONS} />
      <Button type="submit" loading={busy}>
        Add member
      </Button>
    </form>
  );
}
