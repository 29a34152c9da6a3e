'use client';

import Link from 'next/link';
import { useState, type FormEvent } from 'react';
import { Button, cx, DataTable, Dialog, EmptyState, ErrorState, focusRing, Skeleton, TextField, type DataTableColumn } from '@sluice/ui';
import { apiRequest } from '../../api/api-client';
import { usePagedList } from '../../api/use-paged-list';
import { formatDate } from '../../format/dates';
import { useSession } from '../../session/session-context';
import { PageHeader } from '../../shell/page-header';
import { teamPageSchema, teamSchema, type Team } from './team-schemas';

export function TeamsPage() {
  const session = useSession();
  const canCreate = session.can('teams:manage-any');
  const seesEveryTeam = session.can('teams:read-any');
  const [query, setQuery] = useState('');
  const [creating, setCreating] = useState(false);
  const { state, loadMore, reload } = usePagedList(`teams:${query}`, (cursor, signal) =>
    apiRequest('/api/v1/teams', { query: { cursor, limit: 50, q: query, sort: 'name' }, schema: teamPageSchema, signal }),
  );

  const columns: DataTableColumn<Team>[] = [
    {
      id: 'name',
      header: 'Team',
      sortValue: (t) => t.name.toLowerCase(),
      cell: (t) => (
        <Link href={`/teams/${t.id}`} className={cx('font-medium text-accent hover:underline', focusRing)}>
          {t.name}
        </Link>
      ),
    },
    { id: 'description', header: 'Description', cell: (t) => t.description || <span className="text-fg-muted">—</span> },
    {
      id: 'models',
      header: 'Allowed models',
      sortValue: (t) => t.allowedModels.length,
      cell: (t) => (t.allowedModels.length ? `${t.allowedModels.length} model${t.allowedModels.length === 1 ? '' : 's'}` : <span className="text-fg-muted">Whole catalog</span>),
    },
    { id: 'created', header: 'Created', sortValue: (t) => t.createdAt, cell: (t) => formatDate(t.createdAt) },
  ];

  return (
    <>
      <PageHeader
        title="Teams"
        description="Teams own API keys, and set the models, budgets and limits that apply to them."
        actions={canCreate && <Button onClick={() => setCreating(true)}>Create team</Button>}
      />
      <form
        role="search"
        aria-label="Find a team"
        className="flex items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          setQuery(String(new FormData(e.currentTarget).get('q') ?? '').trim());
        }}
      >
        <TextField label="Team name" name="q" defaultValue={query} placeholder="Search teams" />
        <Button type="submit" variant="secondary">
          Search
        </Button>
      </form>
      {state.status === 'loading' && (
        <div aria-busy="true" className="flex flex-col gap-2 rounded-xl border border-border bg-surface p-5">
          <span className="sr-only">Loading teams</span>
          {[0, 1, 2].map((i) => (
            <Skeleton key={i} className="h-8 w-full" />
          ))}
        </div>
      )}
      {state.status === 'error' && <ErrorState title="Can’t load teams" description={state.message} onRetry={reload} />}
      {state.status === 'ready' && (
        <>
          <DataTable
            caption="Teams"
            captionHidden
            columns={columns}
            rows={state.items}
            rowKey={(t) => t.id}
            empty={<EmptyState title={query ? 'No team matches that name' : 'No teams yet'} description={canCreate ? 'Create a team, then add members and allow models.' : seesEveryTeam ? 'Every team of the organization is listed here; administrators create them.' : 'Teams you belong to or administer appear here.'} />}
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
      <CreateTeamDialog open={creating} onClose={() => setCreating(false)} />
    </>
  );
}

function CreateTeamDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const name = String(form.get('name') ?? '').trim();
    if (!name) {
      setError('Give the team a name.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const team = await apiRequest('/api/v1/teams', { method: 'POST', body: { name, description: String(form.get('description') ?? '').trim() }, schema: teamSchema });
      window.location.assign(`/teams/${team.id}`);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      setBusy(false);
    }
  };
  return (
    <Dialog open={open} onClose={onClose} title="Create a team" description="You can add members, allow models and set a budget next.">
      <form onSubmit={submit} className="flex flex-col gap-4" noValidate>
        <TextField label="Name" name="name" required maxLength={200} data-autofocus />
        <TextField label="Description" name="description" maxLength={2000} />
        {error && (
          <p role="alert" className="text-sm text-danger">
            {error}
          </p>
        )}
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={busy}>
            Create team
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
