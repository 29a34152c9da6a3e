'use client';

import { useState, type FormEvent } from 'react';
import { providerTypeSchema } from '@sluice/contracts';
import { z } from 'zod';
import { Badge, Button, DataTable, Dialog, EmptyState, ErrorState, SelectField, Skeleton, TextField, type DataTableColumn } from '@sluice/ui';
import { apiRequest } from '../../api/api-client';
import { pageSchema } from '../../api/me-schema';
import { usePagedList } from '../../api/use-paged-list';
import { formatDate } from '../../format/dates';
import { useSession } from '../../session/session-context';
import { PageHeader } from '../../shell/page-header';

const providerSchema = z.object({
  id: z.string(),
  name: z.string(),
  type: z.string(),
  baseUrl: z.string(),
  enabled: z.boolean(),
  credentialsSet: z.boolean(),
  credentialsHint: z.string().nullable(),
  updatedAt: z.string(),
});
type Provider = z.output<typeof providerSchema>;

type Editing = { mode: 'create' } | { mode: 'edit'; provider: Provider } | null;

/** Upstream providers the gateway routes to. Credentials are write-only: the portal can set or replace them, never read them. */
export function ProvidersPage() {
  const session = useSession();
  const canManage = session.can('providers:manage');
  const [editing, setEditing] = useState<Editing>(null);
  const { state, loadMore, reload, update } = usePagedList('providers', (cursor, signal) =>
    apiRequest('/api/v1/providers', { query: { cursor, limit: 100 }, schema: pageSchema(providerSchema), signal }),
  );

  const columns: DataTableColumn<Provider>[] = [
    { id: 'name', header: 'Name', sortValue: (p) => p.name.toLowerCase(), cell: (p) => <span className="font-medium">{p.name}</span> },
    { id: 'type', header: 'Type', sortValue: (p) => p.type, cell: (p) => p.type },
    { id: 'baseUrl', header: 'Base URL', cell: (p) => <span className="font-mono text-xs break-all">{p.baseUrl}</span> },
    { id: 'credentials', header: 'Credentials', cell: (p) => (p.credentialsSet ? <span className="font-mono text-xs">set {p.credentialsHint ?? ''}</span> : <span className="text-fg-muted">none</span>) },
    { id: 'enabled', header: 'Status', sortValue: (p) => String(p.enabled), cell: (p) => <Badge tone={p.enabled ? 'success' : 'neutral'}>{p.enabled ? 'Enabled' : 'Disabled'}</Badge> },
    { id: 'updated', header: 'Updated', sortValue: (p) => p.updatedAt, cell: (p) => formatDate(p.updatedAt) },
    ...(canManage
      ? [{ id: 'actions', header: 'Actions', cell: (p: Provider) => <Button size="sm" variant="secondary" onClick={() => setEditing({ mode: 'edit', provider: p })} aria-label={`Edit ${p.name}`}>Edit</Button> }]
      : []),
  ];

  return (
    <>
      <PageHeader
        title="Providers"
        description="The upstream APIs the gateway calls. Their credentials are encrypted at rest and never shown again after you enter them."
        actions={canManage && <Button onClick={() => setEditing({ mode: 'create' })}>Add provider</Button>}
      />
      {state.status === 'loading' && <Skeleton className="h-32 w-full" />}
      {state.status === 'error' && <ErrorState title="Can’t load providers" description={state.message} onRetry={reload} />}
      {state.status === 'ready' && (
        <>
          <DataTable caption="Providers" captionHidden columns={columns} rows={state.items} rowKey={(p) => p.id} empty={<EmptyState title="No providers yet" description="Add one to route models to it." />} />
          {state.nextCursor && (
            <div className="flex justify-center">
              <Button variant="secondary" onClick={loadMore} loading={state.loadingMore}>
                Load more
              </Button>
            </div>
          )}
        </>
      )}
      <ProviderDialog
        editing={editing}
        onClose={() => setEditing(null)}
        onSaved={(saved, created) => {
          setEditing(null);
          if (created) reload();
          else update((p) => p.id === saved.id, saved);
        }}
      />
    </>
  );
}

function ProviderDialog({ editing, onClose, onSaved }: { editing: Editing; onClose: () => void; onSaved: (p: Provider, created: boolean) => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!editing) return null;
  const current = editing.mode === 'edit' ? editing.provider : null;

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const apiKey = String(form.get('apiKey') ?? '');
    const body: Record<string, unknown> = {
      name: String(form.get('name') ?? '').trim(),
      baseUrl: String(form.get('baseUrl') ?? '').trim(),
      enabled: form.get('enabled') === 'on',
      // Left empty when editing: the stored credentials stay as they are.
      ...(apiKey ? { credentials: { apiKey } } : {}),
    };
    if (!current) body.type = String(form.get('type'));
    setBusy(true);
    setError(null);
    try {
      const saved = await apiRequest(current ? `/api/v1/providers/${current.id}` : '/api/v1/providers', { method: current ? 'PATCH' : 'POST', body, schema: providerSchema });
      onSaved(saved, !current);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open onClose={onClose} title={current ? `Edit ${current.name}` : 'Add a provider'} description="Base URLs are checked by the egress guard: private, link-local and metadata addresses are refused.">
      <form onSubmit={submit} className="flex flex-col gap-4">
        <TextField label="Name" name="name" required defaultValue={current?.name} data-autofocus />
        {!current && <SelectField label="Type" name="type" options={providerTypeSchema.options.map((t) => ({ value: t, label: t }))} defaultValue="openai" />}
        <TextField label="Base URL" name="baseUrl" type="url" required defaultValue={current?.baseUrl} placeholder="https://api.openai.com/v1" />
        <TextField
          label={current?.credentialsSet ? 'Replace API key' : 'API key'}
          name="apiKey"
          type="password"
          autoComplete="off"
          hint={current?.credentialsSet ? `Leave empty to keep the current key (${current.credentialsHint ?? 'set'}).` : 'Stored encrypted; never shown again.'}
        />
        <label className="flex items-center gap-2 text-sm text-fg">
          <input type="checkbox" name="enabled" defaultChecked={current?.enabled ?? true} className="size-4 accent-[var(--sl-accent)]" />
          Enabled (the gateway routes to it)
        </label>
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
            {current ? 'Save' : 'Add provider'}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
