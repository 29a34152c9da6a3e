'use client';

import { useMemo, useState } from 'react';
import { z } from 'zod';
import { Badge, Button, DataTable, EmptyState, ErrorState, SelectField, Skeleton, type DataTableColumn } from '@sluice/ui';
import { apiRequest } from '../../api/api-client';
import { pageSchema } from '../../api/me-schema';
import { useApiQuery } from '../../api/use-api-query';
import { usePagedList } from '../../api/use-paged-list';
import { formatCompact, formatInteger, formatMs, formatUsd } from '../../format/numbers';
import { useSession } from '../../session/session-context';
import { PageHeader } from '../../shell/page-header';
import { ConfirmActionDialog } from '../config-io/confirm-action-dialog';
import { modelPageSchema } from '../models/model-schemas';
import { DeploymentDialog, type DeploymentEditing } from './deployment-dialog';
import { deploymentPageSchema, deploymentSchema, providerOptionSchema, type Deployment, type ProviderOption } from './deployment-schemas';

interface Lookups {
  models: Array<{ id: string; name: string }>;
  providers: ProviderOption[];
}

async function loadLookups(signal: AbortSignal): Promise<Lookups> {
  const [models, providers] = await Promise.all([
    apiRequest('/api/v1/models', { query: { limit: 200 }, schema: modelPageSchema, signal }),
    apiRequest('/api/v1/providers', { query: { limit: 100 }, schema: pageSchema(providerOptionSchema), signal }),
  ]);
  return { models: models.items.map((m) => ({ id: m.id, name: m.name })), providers: providers.items };
}

function priceOverride(d: Deployment): string {
  if (d.inputPricePer1M === null && d.outputPricePer1M === null && d.cachedInputPricePer1M === null && d.cacheWritePricePer1M === null && d.cacheWrite1hPricePer1M === null && d.longContext === null) return 'Catalog price';
  const part = (label: string, v: number | null) => (v === null ? null : `${label} ${formatUsd(v)}`);
  const tier = d.longContext && `above ${formatCompact(d.longContext.aboveTokens)}: in ${formatUsd(d.longContext.inputPricePer1M)} · out ${formatUsd(d.longContext.outputPricePer1M)}`;
  return [part('in', d.inputPricePer1M), part('out', d.outputPricePer1M), part('cached', d.cachedInputPricePer1M), part('cache write', d.cacheWritePricePer1M), part('cache write 1h', d.cacheWrite1hPricePer1M), tier].filter(Boolean).join(' · ');
}

/** Deployments: which provider serves each catalog model, in which order (priority), in which share (weight), at which price. */
export function DeploymentsPage() {
  const session = useSession();
  const canManage = session.can('providers:manage');
  const [modelFilter, setModelFilter] = useState('');
  const [editing, setEditing] = useState<DeploymentEditing>(null);
  const [toggleError, setToggleError] = useState<string | null>(null);
  const [toggling, setToggling] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<Deployment | null>(null);
  const lookups = useApiQuery('deployment-lookups', loadLookups);
  const { state, loadMore, reload, update } = usePagedList(`deployments:${modelFilter}`, (cursor, signal) =>
    apiRequest('/api/v1/deployments', { query: { cursor, limit: 200, modelId: modelFilter || undefined, sort: 'priority' }, schema: deploymentPageSchema, signal }),
  );

  const names = useMemo(() => {
    const data = lookups.state.status === 'ready' ? lookups.state.data : { models: [], providers: [] };
    return { model: new Map(data.models.map((m) => [m.id, m.name])), provider: new Map(data.providers.map((p) => [p.id, p.name])) };
  }, [lookups.state]);
  const modelName = (d: Deployment) => names.model.get(d.modelId) ?? d.modelId;
  const providerName = (d: Deployment) => names.provider.get(d.providerId) ?? 'its provider';

  const rows = state.status === 'ready' ? [...state.items].sort((a, b) => modelName(a).localeCompare(modelName(b)) || a.priority - b.priority || b.weight - a.weight) : [];
  const primaryPriority = new Map<string, number>();
  for (const d of rows) if (d.enabled) primaryPriority.set(d.modelId, Math.min(primaryPriority.get(d.modelId) ?? Infinity, d.priority));

  const toggle = async (d: Deployment) => {
    setToggling(d.id);
    setToggleError(null);
    try {
      update((x) => x.id === d.id, await apiRequest(`/api/v1/deployments/${d.id}`, { method: 'PATCH', body: { enabled: !d.enabled }, schema: deploymentSchema }));
    } catch (err) {
      setToggleError(`${d.enabled ? 'Disabling' : 'Enabling'} ${modelName(d)} on ${providerName(d)} failed: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      setToggling(null);
    }
  };

  const columns: DataTableColumn<Deployment>[] = [
    { id: 'model', header: 'Model', sortValue: (d) => modelName(d).toLowerCase(), cell: (d) => <span className="font-medium">{modelName(d)}</span> },
    { id: 'provider', header: 'Provider', sortValue: (d) => names.provider.get(d.providerId) ?? '', cell: (d) => names.provider.get(d.providerId) ?? <span className="text-fg-muted">unknown</span> },
    { id: 'upstream', header: 'Upstream model', cell: (d) => <span className="font-mono text-xs break-words">{d.upstreamModel}</span> },
    {
      id: 'priority',
      header: 'Priority',
      sortValue: (d) => d.priority,
      cell: (d) => (
        <span className="flex items-center gap-2">
          {d.priority}
          {d.enabled && (primaryPriority.get(d.modelId) === d.priority ? <Badge tone="accent">Primary</Badge> : <Badge tone="neutral">Fallback</Badge>)}
        </span>
      ),
    },
    { id: 'weight', header: 'Weight', sortValue: (d) => d.weight, cell: (d) => formatInteger(d.weight) },
    { id: 'timeout', header: 'Timeout', sortValue: (d) => d.timeoutMs, cell: (d) => formatMs(d.timeoutMs) },
    { id: 'price', header: 'Price per 1M', cell: (d) => <span className="text-xs">{priceOverride(d)}</span> },
    { id: 'status', header: 'Status', sortValue: (d) => String(d.enabled), cell: (d) => <Badge tone={d.enabled ? 'success' : 'neutral'}>{d.enabled ? 'Enabled' : 'Disabled'}</Badge> },
    ...(canManage
      ? [
          {
            id: 'actions',
            header: 'Actions',
            cell: (d: Deployment) => {
              const label = `${modelName(d)} on ${names.provider.get(d.providerId) ?? 'provider'}`;
              return (
                <span className="flex gap-2">
                  <Button size="sm" variant="secondary" onClick={() => setEditing({ mode: 'edit', deployment: d })} aria-label={`Edit ${label}`}>
                    Edit
                  </Button>
                  <Button size="sm" variant="ghost" loading={toggling === d.id} onClick={() => void toggle(d)} aria-label={`${d.enabled ? 'Disable' : 'Enable'} ${label}`}>
                    {d.enabled ? 'Disable' : 'Enable'}
                  </Button>
                  <Button size="sm" variant="ghost" onClick={() => setDeleting(d)} aria-label={`Delete ${label}`}>
                    Delete
                  </Button>
                </span>
              );
            },
          },
        ]
      : []),
  ];

  const ready = state.status === 'ready' && lookups.state.status === 'ready';
  return (
    <>
      <PageHeader
        title="Deployments & routing"
        description="Which provider serves each catalog model. Lower priority is tried first, higher ones are fallbacks; equal priorities share traffic by weight."
        actions={canManage && <Button onClick={() => setEditing({ mode: 'create', modelId: modelFilter || undefined })} disabled={lookups.state.status !== 'ready'}>Add deployment</Button>}
      />
      {lookups.state.status === 'ready' && (
        <div className="max-w-xs">
          <SelectField label="Model" placeholder="All models" value={modelFilter} onChange={(e) => setModelFilter(e.currentTarget.value)} options={lookups.state.data.models.map((m) => ({ value: m.id, label: m.name }))} />
        </div>
      )}
      {toggleError && (
        <p role="alert" className="text-sm text-danger">
          {toggleError}
        </p>
      )}
      {(state.status === 'loading' || lookups.state.status === 'loading') && <Skeleton className="h-48 w-full" />}
      {lookups.state.status === 'error' && <ErrorState title="Can’t load models and providers" description={lookups.state.message} onRetry={lookups.reload} />}
      {state.status === 'error' && <ErrorState title="Can’t load deployments" description={state.message} onRetry={reload} />}
      {ready && (
        <>
          <DataTable
            caption="Deployments"
            captionHidden
            columns={columns}
            rows={rows}
            rowKey={(d) => d.id}
            empty={<EmptyState title={modelFilter ? 'This model has no deployments' : 'No deployments yet'} description="Without a deployment the gateway cannot serve a model. Add one to route it to a provider." />}
          />
          {state.nextCursor && (
            <div className="flex justify-center">
              <Button variant="secondary" onClick={loadMore} loading={state.loadingMore}>
                Load more
              </Button>
            </div>
          )}
        </>
      )}
      {deleting && (
        <ConfirmActionDialog
          open
          title="Delete deployment"
          description={
            <>
              The gateway stops sending <strong>{modelName(deleting)}</strong> to <strong>{providerName(deleting)}</strong> ({deleting.upstreamModel}) within a second.
              {rows.filter((d) => d.enabled && d.modelId === deleting.modelId && d.id !== deleting.id).length === 0
                ? ' It is the last enabled deployment of this model: requests for the model will fail until another one is added.'
                : ' Requests go to the model’s other deployments.'}{' '}
              To stop it for a while instead, disable it.
            </>
          }
          confirmLabel="Delete deployment"
          onClose={() => setDeleting(null)}
          onConfirm={async () => {
            await apiRequest(`/api/v1/deployments/${deleting.id}`, { method: 'DELETE', schema: z.undefined() });
            setDeleting(null);
            reload();
          }}
        />
      )}
      {lookups.state.status === 'ready' && (
        <DeploymentDialog
          editing={editing}
          models={lookups.state.data.models}
          providers={lookups.state.data.providers}
          onClose={() => setEditing(null)}
          onSaved={(saved, created) => {
            setEditing(null);
            if (created) reload();
            else update((d) => d.id === saved.id, saved);
          }}
        />
      )}
    </>
  );
}
