'use client';

import { useState, type FormEvent } from 'react';
import { Button, Dialog, SelectField } from '@sluice/ui';
import { apiRequest } from '../../api/api-client';
import { roleLabel } from '../../session/access';
import { ProblemMessage } from '../config-io/problem-message';
import { ORG_ROLES, orgUserSchema, STATUS_LABELS, USER_STATUSES, type OrgUser } from './user-schemas';

const NO_ORG_ROLE = 'none';

/**
 * Changes a user's org-wide role and status. Suspending or deactivating ends their sessions;
 * deactivating also revokes their API keys in this organization (the admin API does both).
 */
export function EditUserDialog({ user, canGrantOwner, onClose, onSaved }: { user: OrgUser | null; canGrantOwner: boolean; onClose: () => void; onSaved: (user: OrgUser) => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  if (!user) return null;

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const role = String(form.get('role'));
    const status = String(form.get('status'));
    const body: Record<string, unknown> = {};
    const nextRole = role === NO_ORG_ROLE ? null : role;
    if (nextRole !== user.orgRole) body.role = nextRole;
    if (status !== user.status) body.status = status;
    if (Object.keys(body).length === 0) {
      onClose();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      onSaved(await apiRequest(`/api/v1/users/${user.id}`, { method: 'PATCH', body, schema: orgUserSchema }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const roles = ORG_ROLES.filter((r) => r !== 'owner' || canGrantOwner || user.orgRole === 'owner');
  return (
    <Dialog open onClose={onClose} title={`Edit ${user.displayName}`} description={user.email}>
      <form aria-label="Edit user" onSubmit={submit} className="flex flex-col gap-4">
        <SelectField
          label="Org-wide role"
          name="role"
          defaultValue={user.orgRole ?? NO_ORG_ROLE}
          options={[{ value: NO_ORG_ROLE, label: 'None (team roles only)' }, ...roles.map((r) => ({ value: r, label: roleLabel(r) }))]}
          hint="Team roles are changed on each team’s page."
          data-autofocus
        />
        <SelectField
          label="Status"
          name="status"
          defaultValue={user.status}
          options={USER_STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s] }))}
          hint="Suspending or deactivating signs the user out everywhere; deactivating also revokes their API keys here."
        />
        <ProblemMessage error={error} />
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={busy}>
            Save
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
