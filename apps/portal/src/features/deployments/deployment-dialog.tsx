'use client';

import { useState, type FormEvent } from 'react';
import { Button, Dialog, SelectField, TextField } from '@sluice/ui';
import { apiRequest } from '../../api/api-client';
import { ProblemMessage } from '../config-io/problem-message';
import { LongContextFields } from '../models/long-context-fields';
import { deploymentSchema, parseDeploymentForm, type Deployment, type DeploymentFormField, type ProviderOption } from './deployment-schemas';

export type DeploymentEditing = { mode: 'create'; modelId?: string } | { mode: 'edit'; deployment: Deployment } | null;

export interface CatalogModelOption {
  id: string;
  name: string;
}

type FieldErrors = Partial<Record<DeploymentFormField | 'modelId' | 'providerId', string>>;

const priceHint = 'USD per 1M tokens. Leave empty to use the catalog price.';
const show = (n: number | null | undefined) => (n === null || n === undefined ? '' : String(n));

/** Create a deployment (a catalog model on a provider) or change one; model and provider are fixed once created. */
export function DeploymentDialog({
  editing,
  models,
  providers,
  onClose,
  onSaved,
}: {
  editing: DeploymentEditing;
  models: readonly CatalogModelOption[];
  providers: readonly ProviderOption[];
  onClose: () => void;
  onSaved: (deployment: Deployment, created: boolean) => void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  if (!editing) return null;
  const current = editing.mode === 'edit' ? editing.deployment : null;
  const modelName = current ? (models.find((m) => m.id === current.modelId)?.name ?? 'model') : null;
  const providerName = current ? (providers.find((p) => p.id === current.providerId)?.name ?? 'provider') : null;

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const parsed = parseDeploymentForm(form);
    const errors: FieldErrors = parsed.ok ? {} : { ...parsed.errors };
    const modelId = String(form.get('modelId') ?? '');
    const providerId = String(form.get('providerId') ?? '');
    if (!current && !modelId) errors.modelId = 'Choose the catalog model to deploy';
    if (!current && !providerId) errors.providerId = 'Choose the provider that serves it';
    setFieldErrors(errors);
    if (!parsed.ok || Object.keys(errors).length > 0) return;
    setBusy(true);
    setError(null);
    try {
      const saved = await apiRequest(current ? `/api/v1/deployments/${current.id}` : '/api/v1/deployments', {
        method: current ? 'PATCH' : 'POST',
        body: current ? parsed.values : { modelId, providerId, ...parsed.values },
        schema: deploymentSchema,
      });
      onSaved(saved, !current);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      open
      onClose={onClose}
      title={current ? `Edit ${modelName} on ${providerName}` : 'Add a deployment'}
      description="The gateway tries deployments of a model by priority (lower first; higher ones are fallbacks) and splits traffic between equal priorities by weight. Changes reach every gateway within a second."
    >
      <form aria-label={current ? 'Edit deployment' : 'Add deployment'} onSubmit={submit} noValidate className="flex flex-col gap-4">
        {!current && (
          <div className="grid gap-4 sm:grid-cols-2">
            <SelectField label="Model" name="modelId" required placeholder="Choose a model" defaultValue={editing.mode === 'create' ? (editing.modelId ?? '') : ''} options={models.map((m) => ({ value: m.id, label: m.name }))} error={fieldErrors.modelId} data-autofocus />
            <SelectField label="Provider" name="providerId" required placeholder="Choose a provider" defaultValue="" options={providers.map((p) => ({ value: p.id, label: p.enabled ? p.name : `${p.name} (disabled)` }))} error={fieldErrors.providerId} />
          </div>
        )}
        <TextField label="Upstream model" name="upstreamModel" required defaultValue={current?.upstreamModel} placeholder="gpt-4o-mini-2024-07-18" hint="The name the provider knows (an Azure deployment name, a Bedrock model id, …)." error={fieldErrors.upstreamModel} />
        <div className="grid gap-4 sm:grid-cols-3">
          <TextField label="Priority" name="priority" type="number" inputMode="numeric" required defaultValue={show(current?.priority ?? 0)} hint="0 is tried first." error={fieldErrors.priority} />
          <TextField label="Weight" name="weight" type="number" inputMode="numeric" required defaultValue={show(current?.weight ?? 1)} hint="Share among equal priorities." error={fieldErrors.weight} />
          <TextField label="Timeout (ms)" name="timeoutMs" type="number" inputMode="numeric" required defaultValue={show(current?.timeoutMs ?? 60_000)} error={fieldErrors.timeoutMs} />
        </div>
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField label="Capacity (requests/min)" name="rpm" type="number" inputMode="numeric" defaultValue={show(current?.rpm)} hint="Optional, for usage-based routing." error={fieldErrors.rpm} />
          <TextField label="Capacity (tokens/min)" name="tpm" type="number" inputMode="numeric" defaultValue={show(current?.tpm)} hint="Optional." error={fieldErrors.tpm} />
        </div>
        <fieldset className="flex flex-col gap-3">
          <legend className="mb-1 text-sm font-medium text-fg">Price override</legend>
          <div className="grid gap-4 sm:grid-cols-2">
            <TextField label="Input" name="inputPricePer1M" type="number" inputMode="decimal" step="any" defaultValue={show(current?.inputPricePer1M)} hint={priceHint} error={fieldErrors.inputPricePer1M} />
            <TextField label="Output" name="outputPricePer1M" type="number" inputMode="decimal" step="any" defaultValue={show(current?.outputPricePer1M)} error={fieldErrors.outputPricePer1M} />
            <TextField label="Cached input" name="cachedInputPricePer1M" type="number" inputMode="decimal" step="any" defaultValue={show(current?.cachedInputPricePer1M)} error={fieldErrors.cachedInputPricePer1M} />
            <TextField label="Cache write" name="cacheWritePricePer1M" type="number" inputMode="decimal" step="any" defaultValue={show(current?.cacheWritePricePer1M)} hint="Prompt-cache writes; empty = the catalog’s." error={fieldErrors.cacheWritePricePer1M} />
            <TextField
              label="Cache write (1h)"
              name="cacheWrite1hPricePer1M"
              type="number"
              inputMode="decimal"
              step="any"
              defaultValue={show(current?.cacheWrite1hPricePer1M)}
              hint="1-hour prompt-cache writes; empty = the catalog’s."
              error={fieldErrors.cacheWrite1hPricePer1M}
            />
          </div>
        </fieldset>
        <LongContextFields current={current?.longContext} errors={fieldErrors} hint="Optional: replaces the catalog model’s long-context tier for this deployment; empty = the model’s tier. Above the threshold the whole request is billed at these prices." />
        <label className="flex items-center gap-2 text-sm text-fg">
          <input type="checkbox" name="enabled" defaultChecked={current?.enabled ?? true} className="size-4 accent-[var(--sl-accent)]" />
          Enabled (the gateway routes to it)
        </label>
        <ProblemMessage error={error} />
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={busy}>
            {current ? 'Save' : 'Add deployment'}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
