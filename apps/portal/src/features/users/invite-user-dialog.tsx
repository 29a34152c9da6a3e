'use client';

import { useState, type FormEvent } from 'react';
import { Button, Dialog, SelectField, TextField } from '@sluice/ui';
import { apiRequest } from '../../api/api-client';
import { roleLabel } from '../../session/access';
import { ProblemMessage } from '../config-io/problem-message';
import { ORG_ROLES, orgUserSchema, type OrgUser } from './user-schemas';

const TEAM_ROLES = ['team_admin', 'developer', 'viewer'] as const;

/**
 * Adds a person before their first sign-in (they sign in with SSO; no password is set), with an
 * org-wide role, a team role, or both. An email known from another organization gets memberships here.
 */
export function InviteUserDialog({ open, teams, canGrantOwner, onClose, onInvited }: { open: boolean; teams: Array<{ id: string; name: string }>; canGrantOwner: boolean; onClose: () => void; onInvited: (user: OrgUser) => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  if (!open) return null;

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const email = String(form.get('email') ?? '').trim();
    const displayName = String(form.get('displayName') ?? '').trim();
    const role = String(form.get('role') ?? '');
    const teamId = String(form.get('teamId') ?? '');
    if (!email || !displayName) {
      setError(new Error('Enter the person’s email (as their identity provider knows it) and name.'));
      return;
    }
    if (!role && !teamId) {
      setError(new Error('Give them an org-wide role, a team, or both.'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const user = await apiRequest('/api/v1/users', {
        method: 'POST',
        body: { email, displayName, ...(role ? { role } : {}), teams: teamId ? [{ teamId, role: String(form.get('teamRole') ?? 'developer') }] : [] },
        schema: orgUserSchema,
      });
      onInvited(user);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const roles = ORG_ROLES.filter((r) => r !== 'owner' || canGrantOwner);
  return (
    <Dialog open onClose={onClose} title="Add a user" description="They sign in with your SSO connection; their roles apply from the first sign-in. Group mappings may add more.">
      <form aria-label="Add a user" onSubmit={submit} noValidate className="flex flex-col gap-4">
        <TextField label="Email" name="email" type="email" required autoComplete="off" data-autofocus />
        <TextField label="Name" name="displayName" required />
        <SelectField label="Org-wide role" name="role" placeholder="None (team role only)" options={roles.map((r) => ({ value: r, label: roleLabel(r) }))} />
        <div className="grid gap-3 sm:grid-cols-2">
          <SelectField label="Team" name="teamId" placeholder="No team" options={teams.map((t) => ({ value: t.id, label: t.name }))} />
          <SelectField label="Team role" name="teamRole" defaultValue="developer" options={TEAM_ROLES.map((r) => ({ value: r, label: roleLabel(r) }))} />
        </div>
        <ProblemMessage error={error} />
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={busy}>
            Add user
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
