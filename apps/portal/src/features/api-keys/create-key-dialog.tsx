'use client';

import { useState, type FormEvent } from 'react';
import { Button, Dialog, ErrorState, SelectField, Skeleton, TextField } from '@sluice/ui';
import { apiRequest } from '../../api/api-client';
import { ApiError } from '../../api/api-error';
import { apiKeyWithSecretSchema, type ApiKeyWithSecret } from './api-key-schemas';
import { useTeamChoices, type TeamChoice } from '../teams/use-team-choices';

/** Parses "a, b\nc" into distinct model names. */
export function parseModelList(text: string): string[] {
  return [...new Set(text.split(/[\s,]+/).map((m) => m.trim()).filter(Boolean))];
}

/** End of the chosen day in the user's time zone, as the admin API wants it (ISO with offset). */
function endOfDay(date: string): string {
  return new Date(`${date}T23:59:59`).toISOString();
}

interface CreateKeyProps {
  open: boolean;
  onClose: () => void;
  onCreated: (created: ApiKeyWithSecret) => void;
}

export function CreateKeyDialog({ open, onClose, onCreated }: CreateKeyProps) {
  return (
    <Dialog open={open} onClose={onClose} title="Create an API key" description="The secret is shown once, right after you create the key.">
      {open && <CreateKeyForm onClose={onClose} onCreated={onCreated} />}
    </Dialog>
  );
}

/** The form, once the teams the caller may create keys in are known. */
function CreateKeyForm({ onClose, onCreated }: Omit<CreateKeyProps, 'open'>) {
  // Owners and admins may create keys in any team of the org (the admin API's api_keys:manage:any);
  // others in the teams where their role may create keys (not where they are only a viewer).
  const { state, anyTeam } = useTeamChoices('api-keys:manage-any', 'api-keys:manage');
  if (state.status === 'loading') return <Skeleton className="h-40 w-full" />;
  if (state.status === 'error') return <ErrorState layout="inline" title="Can’t list the teams" description={state.message} />;
  if (state.data.length === 0) {
    return (
      <div className="flex flex-col gap-4">
        <p className="text-sm text-fg-muted">
          {anyTeam
            ? 'Keys belong to a team, and this organization has no team yet. Create one under Teams first.'
            : 'Keys belong to a team, and you are not a developer or team admin of one in this organization. Ask a team admin to add you to a team.'}
        </p>
        <div className="flex justify-end">
          <Button variant="secondary" onClick={onClose}>
            Close
          </Button>
        </div>
      </div>
    );
  }
  return <KeyFields teams={state.data} onClose={onClose} onCreated={onCreated} />;
}

function KeyFields({ teams, onClose, onCreated }: Omit<CreateKeyProps, 'open'> & { teams: readonly TeamChoice[] }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const today = new Date().toISOString().slice(0, 10);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const name = String(form.get('name') ?? '').trim();
    const teamId = String(form.get('teamId') ?? '');
    const expires = String(form.get('expiresOn') ?? '');
    const errors: Record<string, string> = {};
    if (!name) errors.name = 'Give the key a name, e.g. the app that will use it.';
    if (!teamId) errors.teamId = 'Choose the team whose budget and models the key uses.';
    if (expires && expires < today) errors.expiresOn = 'Choose a date in the future, or leave it empty.';
    setFieldErrors(errors);
    if (Object.keys(errors).length) return;

    setBusy(true);
    setError(null);
    try {
      const created = await apiRequest('/api/v1/api-keys', {
        method: 'POST',
        body: {
          name,
          teamId,
          allowedModels: parseModelList(String(form.get('allowedModels') ?? '')),
          ...(expires ? { expiresAt: endOfDay(expires) } : {}),
        },
        schema: apiKeyWithSecretSchema,
      });
      onCreated(created);
    } catch (err) {
      if (err instanceof ApiError && err.fieldErrors.length) {
        setFieldErrors(Object.fromEntries(err.fieldErrors.map((f) => [f.path.split('.')[0] === 'expiresAt' ? 'expiresOn' : f.path.split('.')[0], f.message])));
      }
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form id="create-key-form" onSubmit={submit} className="flex flex-col gap-4" noValidate>
      <TextField label="Name" name="name" required maxLength={200} placeholder="e.g. support-bot production" error={fieldErrors.name} data-autofocus />
      <SelectField
        label="Team"
        name="teamId"
        required
        options={teams.map((t) => ({ value: t.id, label: t.name }))}
        defaultValue={teams.length === 1 ? teams[0].id : ''}
        placeholder={teams.length === 1 ? undefined : 'Choose a team'}
        hint="Usage is counted against this team’s budget and limits."
        error={fieldErrors.teamId}
      />
      <TextField
        label="Allowed models"
        name="allowedModels"
        placeholder="gpt-4o-mini, claude-3-5-haiku"
        hint="Model names from the catalog, separated by commas. Leave empty to allow every model the team may use."
        error={fieldErrors.allowedModels}
      />
      <TextField label="Expires on" name="expiresOn" type="date" min={today} hint="Optional. The key stops working at the end of that day." error={fieldErrors.expiresOn} />
      {error && (
        <p role="alert" className="rounded-lg border border-danger/30 bg-danger-soft px-3 py-2 text-sm text-danger">
          {error}
        </p>
      )}
      <div className="mt-2 flex justify-end gap-2">
        <Button variant="secondary" onClick={onClose}>
          Cancel
        </Button>
        <Button type="submit" loading={busy}>
          Create key
        </Button>
      </div>
    </form>
  );
}
