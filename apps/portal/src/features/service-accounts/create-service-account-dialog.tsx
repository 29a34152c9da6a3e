'use client';

import { useState, type FormEvent } from 'react';
import { Button, Dialog, SelectField, TextField } from '@sluice/ui';
import { apiRequest } from '../../api/api-client';
import { roleLabel } from '../../session/access';
import { ProblemMessage } from '../config-io/problem-message';
import { SERVICE_ACCOUNT_ROLES, serviceAccountSchema, TEAM_SCOPED_ROLES, type ServiceAccount } from './service-account-schemas';

/** A non-human identity for automation (CI, Terraform-style scripts) with one role; team roles need a team. */
export function CreateServiceAccountDialog({ open, teams, onClose, onCreated }: { open: boolean; teams: Array<{ id: string; name: string }>; onClose: () => void; onCreated: (account: ServiceAccount) => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [role, setRole] = useState<string>('viewer');
  if (!open) return null;
  const needsTeam = TEAM_SCOPED_ROLES.includes(role);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const name = String(form.get('name') ?? '').trim();
    const teamId = String(form.get('teamId') ?? '');
    if (!name) {
      setError(new Error('Name the service account after what uses it, e.g. “ci-deploy”.'));
      return;
    }
    if (needsTeam && !teamId) {
      setError(new Error(`A ${roleLabel(role).toLowerCase()} acts in one team: choose it.`));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const created = await apiRequest('/api/v1/service-accounts', {
        method: 'POST',
        body: { name, description: String(form.get('description') ?? '').trim(), role, teamId: needsTeam ? teamId : null },
        schema: serviceAccountSchema,
      });
      onCreated(created);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open onClose={onClose} title="Create a service account" description="It calls the admin API with its own tokens; everything it does is in the audit trail under its name.">
      <form aria-label="Create a service account" onSubmit={submit} noValidate className="flex flex-col gap-4">
        <TextField label="Name" name="name" required placeholder="ci-deploy" data-autofocus />
        <TextField label="Description" name="description" placeholder="Applies config from the infra repository" />
        <SelectField label="Role" name="role" value={role} onChange={(e) => setRole(e.currentTarget.value)} options={SERVICE_ACCOUNT_ROLES.map((r) => ({ value: r, label: roleLabel(r) }))} />
        {needsTeam && <SelectField label="Team" name="teamId" placeholder="Choose a team" options={teams.map((t) => ({ value: t.id, label: t.name }))} />}
        <ProblemMessage error={error} />
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={busy}>
            Create service account
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
