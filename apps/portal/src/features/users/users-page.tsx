'use client';

import { useState } from 'react';
import { Badge, Button, DataTable, EmptyState, ErrorState, SelectField, Skeleton, TextField, type DataTableColumn } from '@sluice/ui';
import { apiRequest } from '../../api/api-client';
import { pageSchema } from '../../api/me-schema';
import { usePagedList } from '../../api/use-paged-list';
import { formatDate, formatRelative } from '../../format/dates';
import { roleLabel } from '../../session/access';
import { useSession } from '../../session/session-context';
import { PageHeader } from '../../shell/page-header';
import { ConfirmActionDialog } from '../config-io/confirm-action-dialog';
import { teamPageSchema } from '../teams/team-schemas';
import { EditUserDialog } from './edit-user-dialog';
import { InviteUserDialog } from './invite-user-dialog';
import { signInLines } from './sign-in-methods';
import { ORG_ROLES, orgUserSchema, STATUS_LABELS, USER_STATUSES, type OrgUser } from './user-schemas';

const STATUS_TONE = { active: 'success', suspended: 'warning', deactivated: 'neutral' } as const;

/**
 * The organization's people: search them; owners and admins also add them, change their org-wide role,
 * suspend or deactivate them. Team admins and auditors read the same list without those controls.
 */
export function UsersPage() {
  const session = useSession();
  const canManage = session.can('users:manage');
  const isOwner = session.roles.includes('owner');
  const [filters, setFilters] = useState({ q: '', status: '', role: '' });
  const [editing, setEditing] = useState<OrgUser | null>(null);
  const [deactivating, setDeactivating] = useState<OrgUser | null>(null);
  const [inviting, setInviting] = useState(false);
  const { state, loadMore, reload, update } = usePagedList(`users:${JSON.stringify(filters)}`, (cursor, signal) =>
    apiRequest('/api/v1/users', { query: { cursor, limit: 100, q: filters.q, status: filters.status, role: filters.role }, schema: pageSchema(orgUserSchema), signal }),
  );
  const teams = usePagedList('users:teams', (cursor, signal) => apiRequest('/api/v1/teams', { query: { cursor, limit: 200 }, schema: teamPageSchema, signal }));
  // Team admins read every user but see only their own teams (no teams:read:any): the others stay unnamed.
  const teamName = (id: string) => (teams.state.status === 'ready' ? teams.state.items.find((t) => t.id === id)?.name : undefined) ?? 'another team';

  const actionsColumn: DataTableColumn<OrgUser> = {
    id: 'actions',
    header: 'Actions',
    cell: (u) =>
      u.id === session.me.user.id ? (
        <span className="text-xs text-fg-muted">You</span>
      ) : u.orgRole === 'owner' && !isOwner ? (
        // The admin API lets only owners change or deactivate an owner.
        <span className="text-xs text-fg-muted">Only owners change owners</span>
      ) : (
        <div className="flex flex-wrap gap-2">
          <Button size="sm" variant="secondary" onClick={() => setEditing(u)} aria-label={`Edit ${u.email}`}>
            Edit
          </Button>
          {u.status !== 'deactivated' && (
            <Button size="sm" variant="ghost" onClick={() => setDeactivating(u)} aria-label={`Deactivate ${u.email}`}>
              Deactivate
            </Button>
          )}
        </div>
      ),
  };

  const columns: DataTableColumn<OrgUser>[] = [
    {
      id: 'user',
      header: 'User',
      sortValue: (u) => u.email,
      cell: (u) => (
        <div className="flex flex-col">
          <span className="font-medium">{u.displayName}</span>
          <span className="text-xs text-fg-muted">{u.email}</span>
        </div>
      ),
    },
    { id: 'role', header: 'Org role', sortValue: (u) => u.orgRole ?? '', cell: (u) => (u.orgRole ? roleLabel(u.orgRole) : <span className="text-fg-muted">—</span>) },
    {
      id: 'teams',
      header: 'Teams',
      cell: (u) => (u.teams.length ? u.teams.map((t) => `${teamName(t.teamId)} (${roleLabel(t.role)})`).join(', ') : <span className="text-fg-muted">—</span>),
    },
    { id: 'status', header: 'Status', sortValue: (u) => u.status, cell: (u) => <Badge tone={STATUS_TONE[u.status]}>{STATUS_LABELS[u.status]}</Badge> },
    { id: 'sign-in', header: 'Signs in with', cell: (u) => <SignInCell user={u} /> },
    { id: 'login', header: 'Last sign-in', sortValue: (u) => u.lastLoginAt ?? '', cell: (u) => (u.lastLoginAt ? formatRelative(u.lastLoginAt) : <span className="text-fg-muted">Never</span>) },
    { id: 'created', header: 'Added', sortValue: (u) => u.createdAt, cell: (u) => formatDate(u.createdAt) },
    ...(canManage ? [actionsColumn] : []),
  ];

  return (
    <>
      <PageHeader
        title="Users"
        description={
          canManage
            ? 'People in this organization. They join through SSO (just-in-time or SCIM) or are added here; roles set here apply org-wide.'
            : 'People in this organization, their org-wide and team roles, and when they last signed in. They join through SSO (just-in-time or SCIM) or are added by an administrator.'
        }
        actions={canManage && <Button onClick={() => setInviting(true)}>Add user</Button>}
      />
      <form
        role="search"
        aria-label="Find users"
        className="flex flex-wrap items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          const form = new FormData(e.currentTarget);
          setFilters({ q: String(form.get('q') ?? '').trim(), status: String(form.get('status') ?? ''), role: String(form.get('role') ?? '') });
        }}
      >
        <TextField label="Name or email" name="q" defaultValue={filters.q} placeholder="Search users" />
        <SelectField label="Status" name="status" placeholder="Any status" defaultValue={filters.status} options={USER_STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s] }))} />
        <SelectField label="Role" name="role" placeholder="Any role" defaultValue={filters.role} options={ORG_ROLES.map((r) => ({ value: r, label: roleLabel(r) }))} />
        <Button type="submit" variant="secondary">
          Search
        </Button>
      </form>
      {state.status === 'loading' && (
        <div aria-busy="true" className="flex flex-col gap-2 rounded-xl border border-border bg-surface p-5">
          <span className="sr-only">Loading users</span>
          {[0, 1, 2].map((i) => (
            <Skeleton key={i} className="h-8 w-full" />
          ))}
        </div>
      )}
      {state.status === 'error' && <ErrorState title="Can’t load users" description={state.message} onRetry={reload} />}
      {state.status === 'ready' && (
        <>
          <DataTable
            caption="Users"
            captionHidden
            columns={columns}
            rows={state.items}
            rowKey={(u) => u.id}
            empty={<EmptyState title={filters.q || filters.status || filters.role ? 'No user matches these filters' : 'No users yet'} description="People appear here when they first sign in with SSO or are provisioned by SCIM." />}
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
      <InviteUserDialog
        open={inviting}
        teams={teams.state.status === 'ready' ? teams.state.items.map((t) => ({ id: t.id, name: t.name })) : []}
        canGrantOwner={isOwner}
        onClose={() => setInviting(false)}
        onInvited={() => {
          setInviting(false);
          reload();
        }}
      />
      <EditUserDialog
        user={editing}
        canGrantOwner={isOwner}
        onClose={() => setEditing(null)}
        onSaved={(saved) => {
          setEditing(null);
          update((u) => u.id === saved.id, saved);
        }}
      />
      <DeactivateUserDialog
        user={deactivating}
        onClose={() => setDeactivating(null)}
        onDone={(saved) => {
          setDeactivating(null);
          update((u) => u.id === saved.id, saved);
        }}
      />
    </>
  );
}

function DeactivateUserDialog({ user, onClose, onDone }: { user: OrgUser | null; onClose: () => void; onDone: (user: OrgUser) => void }) {
  if (!user) return null;
  return (
    <ConfirmActionDialog
      open
      onClose={onClose}
      title={`Deactivate ${user.displayName}?`}
      description={`${user.email} is signed out everywhere and their API keys in this organization are revoked. You can set them active again later; revoked keys stay revoked.`}
      confirmLabel="Deactivate"
      onConfirm={async () => onDone(await apiRequest(`/api/v1/users/${user.id}`, { method: 'PATCH', body: { status: 'deactivated' }, schema: orgUserSchema }))}
    />
  );
}

/** The user's ways in (SSO connections, SCIM, a local password), or that an invited user has not signed in with SSO yet. */
function SignInCell({ user }: { user: OrgUser }) {
  const lines = signInLines(user.signIn);
  if (lines.length === 0) return <span className="text-fg-muted">Not signed in with SSO yet</span>;
  return (
    <ul className="flex flex-col text-xs">
      {lines.map((line) => (
        <li key={line}>{line}</li>
      ))}
    </ul>
  );
}
