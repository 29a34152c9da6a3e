'use client';

import { useState } from 'react';
import { Button, ErrorState, Skeleton } from '@sluice/ui';
import { apiRequest } from '../../api/api-client';
import { useApiQuery } from '../../api/use-api-query';
import { catalogNamesPageSchema, teamSchema, type Team } from './team-schemas';

/** Which catalog models the team's keys may call; an empty list means the whole catalog. Those who may change it get the editor. */
export function TeamModelsPanel({ team, canManage, onSaved }: { team: Team; canManage: boolean; onSaved: (team: Team) => void }) {
  return (
    <section aria-labelledby="models-heading" className="flex flex-col gap-4 rounded-xl border border-border bg-surface p-5">
      <div className="flex flex-col gap-1">
        <h2 id="models-heading" className="text-base font-semibold text-fg">
          Allowed models
        </h2>
        <p className="text-sm text-fg-muted">
          {team.allowedModels.length ? `${team.allowedModels.length} model${team.allowedModels.length === 1 ? '' : 's'}: ${team.allowedModels.join(', ')}` : 'No allow-list: the team may use every model in the catalog.'}
        </p>
      </div>
      {canManage && <AllowedModelsEditor team={team} onSaved={onSaved} />}
    </section>
  );
}

/** The catalog as checkboxes; saving sends the team's new allow-list. */
function AllowedModelsEditor({ team, onSaved }: { team: Team; onSaved: (team: Team) => void }) {
  const catalog = useApiQuery('catalog-names', (signal) => apiRequest('/api/v1/models', { query: { limit: 200, sort: 'name' }, schema: catalogNamesPageSchema, signal }));
  const [selected, setSelected] = useState<Set<string>>(new Set(team.allowedModels));
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);

  const save = async () => {
    setBusy(true);
    setMessage(null);
    try {
      const updated = await apiRequest(`/api/v1/teams/${team.id}`, { method: 'PATCH', body: { allowedModels: [...selected].sort() }, schema: teamSchema });
      onSaved(updated);
      setMessage({ tone: 'ok', text: 'Allowed models saved. Gateways apply them within a second.' });
    } catch (err) {
      setMessage({ tone: 'error', text: err instanceof Error ? err.message : String(err) });
    } finally {
      setBusy(false);
    }
  };

  if (catalog.state.status === 'loading') return <Skeleton className="h-24 w-full" />;
  if (catalog.state.status === 'error') return <ErrorState layout="inline" title="Can’t load the model catalog" description={catalog.state.message} onRetry={catalog.reload} />;
  return (
    <fieldset className="flex flex-col gap-3">
      <legend className="mb-2 text-sm font-medium text-fg">Models this team may use (none checked = all)</legend>
      <div className="grid gap-2 sm:grid-cols-2 lg:grid-cols-3">
        {catalog.state.data.items.map((m) => (
          <label key={m.name} className="flex items-center gap-2 text-sm text-fg">
            <input
              type="checkbox"
              className="size-4 accent-[var(--sl-accent)]"
              checked={selected.has(m.name)}
              onChange={(e) => {
                const next = new Set(selected);
                if (e.target.checked) next.add(m.name);
                else next.delete(m.name);
                setSelected(next);
              }}
            />
            <span className="font-mono text-xs">{m.name}</span>
            {m.status !== 'ga' && <span className="text-xs text-fg-muted">({m.status})</span>}
          </label>
        ))}
      </div>
      <div className="flex items-center gap-3">
        <Button onClick={save} loading={busy}>
          Save allowed models
        </Button>
        {message && (
          <p role={message.tone === 'error' ? 'alert' : 'status'} className={message.tone === 'error' ? 'text-sm text-danger' : 'text-sm text-success'}>
            {message.text}
          </p>
        )}
      </div>
    </fieldset>
  );
}
