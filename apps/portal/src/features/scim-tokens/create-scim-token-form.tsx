'use client';

import { useState, type FormEvent } from 'react';
import { Button, TextField } from '@sluice/ui';
import { apiRequest } from '../../api/api-client';
import { ProblemMessage } from '../config-io/problem-message';
import { scimTokenWithSecretSchema, type ScimTokenWithSecret } from './scim-token-schemas';

/** Names a new SCIM token (e.g. after the IdP that uses it) and creates it. */
export function CreateScimTokenForm({ onCreated }: { onCreated: (created: ScimTokenWithSecret) => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const name = String(form.get('name') ?? '').trim();
    if (!name) {
      setError(new Error('Name the token after the identity provider that will use it, e.g. “Okta”.'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const created = await apiRequest('/api/v1/scim/tokens', {
        method: 'POST',
        body: { name, revokeKeysOnDeactivate: form.get('revokeKeysOnDeactivate') === 'on' },
        schema: scimTokenWithSecretSchema,
      });
      formElement.reset();
      onCreated(created);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form aria-label="Create a SCIM token" onSubmit={submit} noValidate className="flex flex-col gap-4 rounded-xl border border-border bg-surface p-5">
      <h2 className="text-base font-semibold text-fg">Create a token</h2>
      <TextField label="Name" name="name" required placeholder="Okta" hint="Which identity provider uses it." className="max-w-md" />
      <label className="flex items-center gap-2 text-sm text-fg">
        <input type="checkbox" name="revokeKeysOnDeactivate" defaultChecked className="size-4 accent-[var(--sl-accent)]" />
        When the identity provider deactivates a user, also revoke their API keys
      </label>
      <ProblemMessage error={error} />
      <div>
        <Button type="submit" loading={busy}>
          Create token
        </Button>
      </div>
    </form>
  );
}
