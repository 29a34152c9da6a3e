'use client';

import { useState, type FormEvent } from 'react';
import { z } from 'zod';
import { Button, Dialog, EmptyState, SelectField, TextField } from '@sluice/ui';
import { apiRequest } from '../../api/api-client';
import { formatDate } from '../../format/dates';
import { ProblemMessage } from '../config-io/problem-message';
import { attachmentSchema, SCOPE_LABELS, SCOPE_TYPES, type Attachment, type Policy, type ScopeType } from './policy-schemas';

export interface ScopeNames {
  orgId: string | null;
  orgName: string;
  teams: ReadonlyArray<{ id: string; name: string }>;
}

const uuid = z.uuid();

export function scopeLabel(scopeType: ScopeType, scopeId: string, names: ScopeNames): string {
  if (scopeType === 'org') return `${SCOPE_LABELS.org}: ${names.orgName}`;
  if (scopeType === 'team') return `${SCOPE_LABELS.team}: ${names.teams.find((t) => t.id === scopeId)?.name ?? scopeId}`;
  return `${SCOPE_LABELS[scopeType]}: ${scopeId}`;
}

/** Where a policy applies: attach it to the organization, a team, a user or a key, or detach it. */
export function PolicyAttachmentsDialog({ policy, names, canManage, onClose, onChanged }: { policy: Policy | null; names: ScopeNames; canManage: boolean; onClose: () => void; onChanged: (attachments: Attachment[]) => void }) {
  const [scopeType, setScopeType] = useState<ScopeType>('team');
  const [scopeError, setScopeError] = useState<string | undefined>();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  if (!policy) return null;

  const attach = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const scopeId = scopeType === 'org' ? (names.orgId ?? '') : String(form.get('scopeId') ?? '').trim();
    if (!uuid.safeParse(scopeId).success) {
      setScopeError(scopeType === 'team' ? 'Choose a team' : `Paste the ${SCOPE_LABELS[scopeType].toLowerCase()} id (a UUID)`);
      return;
    }
    setScopeError(undefined);
    setBusy('attach');
    setError(null);
    try {
      const created = await apiRequest(`/api/v1/policies/${policy.id}/attachments`, { method: 'POST', body: { scopeType, scopeId }, schema: attachmentSchema });
      onChanged([...policy.attachments, created]);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(null);
    }
  };

  const detach = async (attachment: Attachment) => {
    setBusy(attachment.id);
    setError(null);
    try {
      await apiRequest(`/api/v1/policies/${policy.id}/attachments/${attachment.id}`, { method: 'DELETE', schema: z.undefined() });
      onChanged(policy.attachments.filter((a) => a.id !== attachment.id));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(null);
    }
  };

  return (
    <Dialog open onClose={onClose} title={`Where “${policy.name}” applies`} description="Rate limits and budgets all apply together; for caching, guardrails and logging the most specific scope (key, user, team, organization) wins.">
      <div className="flex flex-col gap-4">
        {policy.attachments.length === 0 ? (
          <EmptyState title="Not attached" description="The policy has no effect until you attach it." />
        ) : (
          <ul aria-label="Attachments" className="flex flex-col divide-y divide-border rounded-lg border border-border">
            {policy.attachments.map((a) => (
              <li key={a.id} className="flex items-center justify-between gap-3 px-3 py-2 text-sm">
                <span className="break-all">
                  {scopeLabel(a.scopeType, a.scopeId, names)}
                  <span className="ml-2 text-xs text-fg-muted">since {formatDate(a.createdAt)}</span>
                </span>
                {canManage && (
                  <Button size="sm" variant="ghost" loading={busy === a.id} onClick={() => void detach(a)} aria-label={`Detach from ${scopeLabel(a.scopeType, a.scopeId, names)}`}>
                    Detach
                  </Button>
                )}
              </li>
            ))}
          </ul>
        )}
        {canManage && (
          <form aria-label="Attach the policy" onSubmit={attach} noValidate className="flex flex-col gap-3">
            <div className="grid gap-3 sm:grid-cols-2">
              <SelectField label="Attach to" value={scopeType} onChange={(e) => setScopeType(e.currentTarget.value as ScopeType)} options={SCOPE_TYPES.map((s) => ({ value: s, label: SCOPE_LABELS[s] }))} />
              {scopeType === 'team' && <SelectField key="team" label="Team" name="scopeId" placeholder="Choose a team" defaultValue="" options={names.teams.map((t) => ({ value: t.id, label: t.name }))} error={scopeError} />}
              {(scopeType === 'user' || scopeType === 'key') && <TextField key={scopeType} label={`${SCOPE_LABELS[scopeType]} id`} name="scopeId" placeholder="00000000-0000-4000-8000-000000000000" error={scopeError} />}
              {scopeType === 'org' && <p className="self-end text-sm text-fg-muted">Applies to every request of {names.orgName}.</p>}
            </div>
            <ProblemMessage error={error} />
            <div className="flex justify-end gap-2">
              <Button variant="secondary" onClick={onClose}>
                Done
              </Button>
              <Button type="submit" loading={busy === 'attach'}>
                Attach
              </Button>
            </div>
          </form>
        )}
        {!canManage && <ProblemMessage error={error} />}
      </div>
    </Dialog>
  );
}
