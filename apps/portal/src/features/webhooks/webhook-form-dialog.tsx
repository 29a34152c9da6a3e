'use client';

import { useState, type FormEvent } from 'react';
import { Button, Dialog, SelectField, TextField } from '@sluice/ui';
import { apiRequest } from '../../api/api-client';
import { ProblemMessage } from '../config-io/problem-message';
import { ALERT_KIND_LABELS, ALERT_KINDS, generateSigningSecret, webhookSchema, type Webhook } from './webhook-schemas';

export type WebhookEditing = { mode: 'create' } | { mode: 'edit'; webhook: Webhook } | null;

type SecretChoice = 'keep' | 'generate' | 'remove' | 'none';

/**
 * Creates or changes a webhook. A signing secret is generated here, sent once and handed to
 * `onSaved` so the page can show it once; the admin API never returns it.
 */
export function WebhookFormDialog({ editing, onClose, onSaved }: { editing: WebhookEditing; onClose: () => void; onSaved: (webhook: Webhook, secret: string | null, created: boolean) => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  if (!editing) return null;
  const current = editing.mode === 'edit' ? editing.webhook : null;

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const name = String(form.get('name') ?? '').trim();
    const url = String(form.get('url') ?? '').trim();
    if (!name || !url) {
      setError(new Error('Give the webhook a name and the URL that receives the alerts.'));
      return;
    }
    const choice = String(form.get('secret') ?? 'none') as SecretChoice;
    const secret = choice === 'generate' ? generateSigningSecret() : null;
    const body: Record<string, unknown> = {
      name,
      url,
      kind: String(form.get('kind') ?? 'generic'),
      eventKinds: form.getAll('eventKinds').map(String),
      enabled: form.get('enabled') === 'on',
    };
    if (secret) body.secret = secret;
    if (choice === 'remove') body.secret = null;
    setBusy(true);
    setError(null);
    try {
      const saved = await apiRequest(current ? `/api/v1/webhooks/${current.id}` : '/api/v1/webhooks', { method: current ? 'PATCH' : 'POST', body, schema: webhookSchema });
      onSaved(saved, secret, !current);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const secretOptions = current?.hasSecret
    ? [
        { value: 'keep', label: 'Keep the current secret' },
        { value: 'generate', label: 'Generate a new secret (shown once)' },
        { value: 'remove', label: 'Remove the secret (unsigned)' },
      ]
    : [
        { value: 'generate', label: 'Generate a secret (shown once)' },
        { value: 'none', label: 'No signature' },
      ];

  return (
    <Dialog open onClose={onClose} title={current ? `Edit ${current.name}` : 'Add a webhook'} description="Alerts (budgets, error and latency spikes, expiring keys) are posted to this URL. Private and metadata addresses are refused.">
      <form aria-label={current ? 'Edit webhook' : 'Add a webhook'} onSubmit={submit} noValidate className="flex flex-col gap-4">
        <TextField label="Name" name="name" required defaultValue={current?.name} data-autofocus />
        <TextField label="URL" name="url" type="url" required defaultValue={current?.url} placeholder="https://hooks.example.com/sluice" />
        <SelectField
          label="Format"
          name="kind"
          defaultValue={current?.kind ?? 'generic'}
          options={[
            { value: 'generic', label: 'Generic JSON (signed with HMAC-SHA-256)' },
            { value: 'slack', label: 'Slack incoming webhook' },
          ]}
        />
        <fieldset className="flex flex-col gap-2">
          <legend className="mb-1 text-sm font-medium text-fg">Alerts to send</legend>
          <p className="text-xs text-fg-muted">None ticked: every kind.</p>
          {ALERT_KINDS.map((kind) => (
            <label key={kind} className="flex items-center gap-2 text-sm text-fg">
              <input type="checkbox" name="eventKinds" value={kind} defaultChecked={current?.eventKinds.includes(kind) ?? false} className="size-4 accent-[var(--sl-accent)]" />
              {ALERT_KIND_LABELS[kind]}
            </label>
          ))}
        </fieldset>
        <SelectField
          label="Signing secret"
          name="secret"
          defaultValue={current?.hasSecret ? 'keep' : 'generate'}
          options={secretOptions}
          hint="Generic payloads carry x-sluice-signature: sha256=HMAC(secret, “<x-sluice-timestamp>.<body>”)."
        />
        <label className="flex items-center gap-2 text-sm text-fg">
          <input type="checkbox" name="enabled" defaultChecked={current?.enabled ?? true} className="size-4 accent-[var(--sl-accent)]" />
          Enabled
        </label>
        <ProblemMessage error={error} />
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={busy}>
            {current ? 'Save' : 'Add webhook'}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
