'use client';

import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { GUARDRAIL_PII_TYPES, POLICY_KINDS, type PolicyKind } from '@sluice/contracts';
import { Button, cx, Dialog, focusRing, SelectField, TextField } from '@sluice/ui';
import { apiRequest } from '../../api/api-client';
import { ProblemMessage } from '../config-io/problem-message';
import { KIND_LABELS, policySchema, type Policy } from './policy-schemas';
import { EMPTY_POLICY_FORM, formFromSpec, specFromForm, type PolicyFormErrors, type PolicyFormState } from './policy-spec-form';

export type PolicyEditing = { mode: 'create'; kind: PolicyKind } | { mode: 'edit'; policy: Policy } | null;

const textareaClass = cx('rounded-lg border border-border bg-surface px-3 py-2 font-mono text-xs text-fg placeholder:text-fg-muted', focusRing);

function TextArea({ label, value, onChange, hint, error, placeholder }: { label: string; value: string; onChange: (v: string) => void; hint?: string; error?: string; placeholder?: string }) {
  const id = useId();
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className="flex flex-col gap-1.5">
      <label htmlFor={id} className="text-sm font-medium text-fg">
        {label}
      </label>
      <textarea id={id} rows={3} value={value} onChange={(e) => onChange(e.currentTarget.value)} placeholder={placeholder} aria-invalid={error ? true : undefined} aria-describedby={described} className={textareaClass} />
      {hint && (
        <p id={`${id}-hint`} className="text-xs text-fg-muted">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="text-xs font-medium text-danger">
          {error}
        </p>
      )}
    </div>
  );
}

function Check({ label, checked, onChange }: { label: ReactNode; checked: boolean; onChange: (v: boolean) => void }) {
  return (
    <label className="flex items-center gap-2 text-sm text-fg">
      <input type="checkbox" checked={checked} onChange={(e) => onChange(e.currentTarget.checked)} className={cx('size-4 accent-[var(--sl-accent)]', focusRing)} />
      {label}
    </label>
  );
}

/** The fields of one policy kind. */
function SpecFields({ kind, form, set, errors }: { kind: PolicyKind; form: PolicyFormState; set: <K extends keyof PolicyFormState>(key: K, value: PolicyFormState[K]) => void; errors: PolicyFormErrors }) {
  const numberField = (key: keyof PolicyFormState, label: string, hint?: string) => (
    <TextField label={label} type="number" inputMode="decimal" step="any" value={form[key] as string} onChange={(e) => set(key, e.currentTarget.value as never)} hint={hint} error={errors[key]} />
  );
  switch (kind) {
    case 'rate_limit':
      return (
        <>
          <div className="grid gap-4 sm:grid-cols-3">
            {numberField('rpm', 'Requests per minute')}
            {numberField('tpm', 'Tokens per minute')}
            {numberField('maxConcurrent', 'Concurrent requests')}
          </div>
          <p className="-mt-2 text-xs text-fg-muted">Empty means no limit. Every attached limit applies: the tightest wins.</p>
          <TextArea label="Per-model limits" value={form.perModel} onChange={(v) => set('perModel', v)} placeholder={'gpt-4o: rpm=60 tpm=100000\nclaude-sonnet-4: maxConcurrent=5'} hint="One model per line, tighter than the limits above." error={errors.perModel} />
          <SelectField
            label="When Redis is unreachable"
            value={form.failMode}
            onChange={(e) => set('failMode', e.currentTarget.value as PolicyFormState['failMode'])}
            options={[
              { value: '', label: 'Organization default' },
              { value: 'open', label: 'Keep serving (fail open)' },
              { value: 'closed', label: 'Refuse limited requests (fail closed)' },
            ]}
            hint="Only used when the policy is attached to the organization."
            error={errors.failMode}
          />
        </>
      );
    case 'budget':
      return (
        <>
          <div className="grid gap-4 sm:grid-cols-2">
            {numberField('amountUsd', 'Amount (USD)')}
            <SelectField
              label="Period"
              value={form.period}
              onChange={(e) => set('period', e.currentTarget.value as PolicyFormState['period'])}
              options={[
                { value: 'daily', label: 'Daily (UTC)' },
                { value: 'weekly', label: 'Weekly (ISO weeks)' },
                { value: 'monthly', label: 'Monthly' },
                { value: 'total', label: 'Total (never resets)' },
              ]}
              error={errors.period}
            />
          </div>
          <Check label="Hard limit: refuse calls that could exceed it (otherwise only alert)" checked={form.hard} onChange={(v) => set('hard', v)} />
          <TextField label="Alert at (% of the amount)" value={form.alertThresholds} onChange={(e) => set('alertThresholds', e.currentTarget.value)} hint="Comma-separated, e.g. 50, 80, 100." error={errors.alertThresholds} />
        </>
      );
    case 'cache':
      return (
        <>
          <div className="grid gap-4 sm:grid-cols-2">
            <SelectField
              label="Mode"
              value={form.cacheMode}
              onChange={(e) => set('cacheMode', e.currentTarget.value as PolicyFormState['cacheMode'])}
              options={[
                { value: 'off', label: 'Off' },
                { value: 'exact', label: 'Exact (identical requests)' },
                { value: 'exact+semantic', label: 'Exact + semantic (similar prompts)' },
              ]}
              error={errors.cacheMode}
            />
            {numberField('ttlSeconds', 'Time to live (seconds)')}
          </div>
          {form.cacheMode === 'exact+semantic' && (
            <div className="grid gap-4 sm:grid-cols-3">
              <TextField label="Embedding model" value={form.embeddingModel} onChange={(e) => set('embeddingModel', e.currentTarget.value)} placeholder="text-embedding-3-small" error={errors.embeddingModel} />
              {numberField('similarityThreshold', 'Similarity threshold', '0 to 1; 0.95 is strict.')}
              {numberField('maxEntriesPerScope', 'Max entries per scope', 'Optional.')}
            </div>
          )}
        </>
      );
    case 'guardrail':
      return (
        <>
          <SelectField
            label="Personal data (PII)"
            value={form.piiAction}
            onChange={(e) => set('piiAction', e.currentTarget.value as PolicyFormState['piiAction'])}
            options={[
              { value: 'off', label: 'Off' },
              { value: 'redact', label: 'Redact before sending' },
              { value: 'block', label: 'Block the request' },
            ]}
            error={errors.piiAction}
          />
          {form.piiAction !== 'off' && (
            <fieldset className="flex flex-col gap-2">
              <legend className="mb-1 text-sm font-medium text-fg">PII types</legend>
              <div className="flex flex-wrap gap-x-4 gap-y-2">
                {GUARDRAIL_PII_TYPES.map((t) => (
                  <Check key={t} label={t.replace('_', ' ')} checked={form.piiTypes.includes(t)} onChange={(v) => set('piiTypes', v ? [...form.piiTypes, t] : form.piiTypes.filter((x) => x !== t))} />
                ))}
              </div>
              {errors.piiTypes && <p className="text-xs font-medium text-danger">{errors.piiTypes}</p>}
            </fieldset>
          )}
          <div className="grid gap-4 sm:grid-cols-2">
            <TextArea label="Blocked terms" value={form.blockedTerms} onChange={(v) => set('blockedTerms', v)} hint="One word or phrase per line." error={errors.blockedTerms} />
            <TextArea label="Blocked patterns" value={form.blockedRegexes} onChange={(v) => set('blockedRegexes', v)} hint="One regular expression per line (bounded quantifiers only)." error={errors.blockedRegexes} />
          </div>
          <div className="grid gap-4 sm:grid-cols-2">
            <SelectField
              label="On a blocked term"
              value={form.blockedAction}
              onChange={(e) => set('blockedAction', e.currentTarget.value as PolicyFormState['blockedAction'])}
              options={[
                { value: 'block', label: 'Block the request' },
                { value: 'redact', label: 'Redact it' },
              ]}
            />
            {numberField('maxPromptChars', 'Max prompt characters', 'Optional.')}
          </div>
          <div className="grid gap-4 sm:grid-cols-2">
            <SelectField
              label="Prompt injection"
              value={form.injectionAction}
              onChange={(e) => set('injectionAction', e.currentTarget.value as PolicyFormState['injectionAction'])}
              options={[
                { value: 'off', label: 'Off' },
                { value: 'flag', label: 'Flag in the logs' },
                { value: 'block', label: 'Block the request' },
              ]}
              error={errors.injectionAction}
            />
            {numberField('injectionThreshold', 'Injection score threshold', '0 to 1.')}
          </div>
          <fieldset className="flex flex-wrap gap-4">
            <legend className="mb-1 text-sm font-medium text-fg">Apply to</legend>
            <Check label="Requests" checked={form.applyToRequest} onChange={(v) => set('applyToRequest', v)} />
            <Check label="Responses" checked={form.applyToResponse} onChange={(v) => set('applyToResponse', v)} />
          </fieldset>
        </>
      );
    case 'logging':
      return (
        <>
          <Check label="Store prompts (redacted) in the request logs" checked={form.storePrompts} onChange={(v) => set('storePrompts', v)} />
          <Check label="Store responses (redacted) in the request logs" checked={form.storeResponses} onChange={(v) => set('storeResponses', v)} />
          {numberField('retentionDays', 'Retention (days)', 'Request logs are deleted after this many days (at most 3650).')}
        </>
      );
  }
}

/** Create or edit a policy; the spec is checked with the shared schema of its kind before it is sent. */
export function PolicyDialog({ editing, onClose, onSaved }: { editing: PolicyEditing; onClose: () => void; onSaved: (policy: Policy, created: boolean) => void }) {
  const current = editing?.mode === 'edit' ? editing.policy : null;
  const [kind, setKind] = useState<PolicyKind>(current?.kind ?? (editing?.mode === 'create' ? editing.kind : 'rate_limit'));
  const [name, setName] = useState(current?.name ?? '');
  const [description, setDescription] = useState(current?.description ?? '');
  const [form, setForm] = useState<PolicyFormState>(() => (current ? formFromSpec(current.kind, current.spec) : { ...EMPTY_POLICY_FORM }));
  const [errors, setErrors] = useState<PolicyFormErrors & { name?: string }>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  if (!editing) return null;

  const set = <K extends keyof PolicyFormState>(key: K, value: PolicyFormState[K]) => setForm((f) => ({ ...f, [key]: value }));

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const spec = specFromForm(kind, form);
    const nameError = name.trim() ? undefined : 'Give the policy a name';
    setErrors({ ...(spec.ok ? {} : spec.errors), ...(nameError ? { name: nameError } : {}) });
    if (!spec.ok || nameError) return;
    setBusy(true);
    setError(null);
    try {
      const saved = current
        ? await apiRequest(`/api/v1/policies/${current.id}`, { method: 'PATCH', body: { name: name.trim(), description, spec: spec.spec, expectedVersion: current.version }, schema: policySchema })
        : await apiRequest('/api/v1/policies', { method: 'POST', body: { kind, name: name.trim(), description, spec: spec.spec }, schema: policySchema });
      onSaved(saved, !current);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open onClose={onClose} title={current ? `Edit ${current.name}` : `New ${KIND_LABELS[kind].toLowerCase()} policy`} description="A policy does nothing until it is attached to the organization, a team, a user or a key. Changes reach every gateway within a second.">
      <form aria-label={current ? 'Edit policy' : 'New policy'} onSubmit={submit} noValidate className="flex flex-col gap-4">
        {!current && <SelectField label="Kind" value={kind} onChange={(e) => setKind(e.currentTarget.value as PolicyKind)} options={POLICY_KINDS.map((k) => ({ value: k, label: KIND_LABELS[k] }))} />}
        <TextField label="Name" required value={name} onChange={(e) => setName(e.currentTarget.value)} error={errors.name} data-autofocus />
        <TextField label="Description" value={description} onChange={(e) => setDescription(e.currentTarget.value)} maxLength={2000} />
        <SpecFields kind={kind} form={form} set={set} errors={errors} />
        <ProblemMessage error={error} />
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={busy}>
            {current ? 'Save' : 'Create policy'}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
