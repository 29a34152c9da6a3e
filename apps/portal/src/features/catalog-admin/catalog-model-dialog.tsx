'use client';

import { useId, useState, type FormEvent } from 'react';
import { providerTypeSchema } from '@sluice/contracts';
import { Button, cx, Dialog, focusRing, SelectField, TextField } from '@sluice/ui';
import { apiRequest } from '../../api/api-client';
import { ProblemMessage } from '../config-io/problem-message';
import { LongContextFields } from '../models/long-context-fields';
import { capabilityLabel } from '../models/model-format';
import { CAPABILITIES, MODALITIES, modelSchema, type Model } from '../models/model-schemas';
import { catalogModelBody, MODEL_STATUSES, parseCatalogModelForm, STATUS_LABELS, type CatalogModelField } from './catalog-model-form';

export type CatalogEditing = { mode: 'create' } | { mode: 'edit'; model: Model } | null;

const show = (n: number | null | undefined) => (n === null || n === undefined ? '' : String(n));

function CheckboxGroup({ legend, name, options, checked, error, label }: { legend: string; name: string; options: readonly string[]; checked: readonly string[]; error?: string; label: (v: string) => string }) {
  const errorId = useId();
  return (
    <fieldset className="flex flex-col gap-2" aria-describedby={error ? errorId : undefined}>
      <legend className="mb-1 text-sm font-medium text-fg">{legend}</legend>
      <div className="flex flex-wrap gap-x-4 gap-y-2">
        {options.map((option) => (
          <label key={option} className="flex items-center gap-2 text-sm text-fg">
            <input type="checkbox" name={name} value={option} defaultChecked={checked.includes(option)} className={cx('size-4 accent-[var(--sl-accent)]', focusRing)} />
            {label(option)}
          </label>
        ))}
      </div>
      {error && (
        <p id={errorId} className="text-xs font-medium text-danger">
          {error}
        </p>
      )}
    </fieldset>
  );
}

/** Add a model to the catalog or change one (prices, status and deprecation date, description, tags, limits). */
export function CatalogModelDialog({ editing, onClose, onSaved }: { editing: CatalogEditing; onClose: () => void; onSaved: (model: Model, created: boolean) => void }) {
  const descriptionId = useId();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<CatalogModelField, string>>>({});
  if (!editing) return null;
  const current = editing.mode === 'edit' ? editing.model : null;

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const parsed = parseCatalogModelForm(new FormData(event.currentTarget), current);
    setFieldErrors(parsed.ok ? {} : parsed.errors);
    if (!parsed.ok) return;
    setBusy(true);
    setError(null);
    try {
      const saved = await apiRequest(current ? `/api/v1/models/${current.id}` : '/api/v1/models', { method: current ? 'PATCH' : 'POST', body: catalogModelBody(parsed.values, !current), schema: modelSchema });
      onSaved(saved, !current);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open onClose={onClose} title={current ? `Edit ${current.name}` : 'Add a model'} description="Prices are USD per 1M tokens; the gateway uses them for cost and budgets unless a deployment overrides them. Changes reach every gateway within a second.">
      <form aria-label={current ? 'Edit model' : 'Add model'} onSubmit={submit} noValidate className="flex flex-col gap-4">
        {!current && <TextField label="Name" name="name" required placeholder="gpt-4o-mini" hint="What callers send as `model`; cannot be changed later." error={fieldErrors.name} data-autofocus />}
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField label="Family" name="family" required defaultValue={current?.family} placeholder="gpt-4o" error={fieldErrors.family} />
          <SelectField label="Provider type" name="provider" defaultValue={current?.provider ?? 'openai'} options={providerTypeSchema.options.map((t) => ({ value: t, label: t }))} error={fieldErrors.provider} />
        </div>
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField label="Context window" name="contextWindow" type="number" inputMode="numeric" required defaultValue={show(current?.contextWindow)} hint="Tokens." error={fieldErrors.contextWindow} />
          <TextField label="Max output tokens" name="maxOutputTokens" type="number" inputMode="numeric" defaultValue={show(current?.maxOutputTokens)} hint="Optional." error={fieldErrors.maxOutputTokens} />
        </div>
        <fieldset className="flex flex-col gap-3">
          <legend className="mb-1 text-sm font-medium text-fg">Prices (USD per 1M tokens)</legend>
          <div className="grid gap-4 sm:grid-cols-2">
            <TextField label="Input" name="inputPricePer1M" type="number" inputMode="decimal" step="any" required defaultValue={show(current?.inputPricePer1M)} error={fieldErrors.inputPricePer1M} />
            <TextField label="Output" name="outputPricePer1M" type="number" inputMode="decimal" step="any" required defaultValue={show(current?.outputPricePer1M)} error={fieldErrors.outputPricePer1M} />
            <TextField label="Cached input" name="cachedInputPricePer1M" type="number" inputMode="decimal" step="any" defaultValue={show(current?.cachedInputPricePer1M)} hint="Prompt-cache reads. Optional; empty = the input price." error={fieldErrors.cachedInputPricePer1M} />
            <TextField label="Cache write" name="cacheWritePricePer1M" type="number" inputMode="decimal" step="any" defaultValue={show(current?.cacheWritePricePer1M)} hint="Prompt-cache writes (Claude: 1.25× input). Optional; empty = the input price." error={fieldErrors.cacheWritePricePer1M} />
            <TextField
              label="Cache write (1h)"
              name="cacheWrite1hPricePer1M"
              type="number"
              inputMode="decimal"
              step="any"
              defaultValue={show(current?.cacheWrite1hPricePer1M)}
              hint="1-hour prompt-cache writes (Claude: 2× input). Optional; empty = the cache-write price."
              error={fieldErrors.cacheWrite1hPricePer1M}
            />
          </div>
        </fieldset>
        <LongContextFields current={current?.longContext} errors={fieldErrors} hint="Optional. A request whose prompt (cached tokens included) exceeds the threshold is billed entirely at these prices, e.g. Claude Sonnet 4.5 above 200,000 tokens: $6 in, $22.50 out." />
        <div className="grid gap-4 sm:grid-cols-2">
          <SelectField label="Status" name="status" defaultValue={current?.status ?? 'ga'} options={MODEL_STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s] }))} error={fieldErrors.status} />
          <TextField label="Deprecation date" name="deprecationDate" type="date" defaultValue={current?.deprecationDate ?? ''} hint="The gateway stops serving it on this day." error={fieldErrors.deprecationDate} />
        </div>
        <CheckboxGroup legend="Modalities" name="modalities" options={MODALITIES} checked={current?.modalities ?? ['text']} error={fieldErrors.modalities} label={(m) => m} />
        <CheckboxGroup legend="Capabilities" name="capabilities" options={CAPABILITIES} checked={current?.capabilities ?? ['chat', 'streaming']} error={fieldErrors.capabilities} label={capabilityLabel} />
        <div className="flex flex-col gap-1.5">
          <label htmlFor={descriptionId} className="text-sm font-medium text-fg">
            Description
          </label>
          <textarea id={descriptionId} name="description" rows={3} maxLength={2000} defaultValue={current?.description ?? ''} aria-invalid={fieldErrors.description ? true : undefined} className={cx('rounded-lg border border-border bg-surface px-3 py-2 text-sm text-fg', focusRing)} />
          {fieldErrors.description && <p className="text-xs font-medium text-danger">{fieldErrors.description}</p>}
        </div>
        <TextField label="Tags" name="tags" defaultValue={current?.tags.join(', ') ?? ''} placeholder="fast, cheap" hint="Comma-separated." error={fieldErrors.tags} />
        <ProblemMessage error={error} />
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={busy}>
            {current ? 'Save' : 'Add model'}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
