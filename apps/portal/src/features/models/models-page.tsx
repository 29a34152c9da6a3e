'use client';

import Link from 'next/link';
import { useRouter, useSearchParams } from 'next/navigation';
import { useMemo, useState, type FormEvent } from 'react';
import { providerTypeSchema } from '@sluice/contracts';
import { Badge, Button, cx, DataTable, EmptyState, ErrorState, focusRing, SelectField, Skeleton, TextField, type DataTableColumn } from '@sluice/ui';
import { apiRequest } from '../../api/api-client';
import { usePagedList } from '../../api/use-paged-list';
import { useSession } from '../../session/session-context';
import { PageHeader } from '../../shell/page-header';
import { formatCompact } from '../../format/numbers';
import { capabilityLabel, formatContext, formatPricePer1M } from './model-format';
import { CAPABILITIES, MAX_COMPARE, MODALITIES, MODEL_FILTER_KEYS, modelPageSchema, type Model } from './model-schemas';

const PROVIDERS = providerTypeSchema.options;

/** The org's model catalog: find a model by what it can do and what it costs, compare, and ask for access. */
export function ModelsPage() {
  const router = useRouter();
  const search = useSearchParams();
  const session = useSession();
  const filters = useMemo(() => Object.fromEntries(MODEL_FILTER_KEYS.flatMap((k) => (search.get(k) ? [[k, search.get(k) as string]] : []))), [search]);
  const [compare, setCompare] = useState<string[]>([]);

  const { state, loadMore, reload } = usePagedList(JSON.stringify(filters), (cursor, signal) =>
    apiRequest('/api/v1/models', { query: { ...filters, cursor, limit: 100 }, schema: modelPageSchema, signal }),
  );

  const apply = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const params = new URLSearchParams();
    for (const key of MODEL_FILTER_KEYS) {
      const value = String(form.get(key) ?? '').trim();
      if (value) params.set(key, value);
    }
    router.replace(`/models${params.size ? `?${params}` : ''}`);
  };

  const toggleCompare = (id: string) => setCompare((current) => (current.includes(id) ? current.filter((c) => c !== id) : current.length >= MAX_COMPARE ? current : [...current, id]));

  const columns: DataTableColumn<Model>[] = [
    {
      id: 'compare',
      header: 'Compare',
      cell: (m) => (
        <input
          type="checkbox"
          aria-label={`Compare ${m.name}`}
          className="size-4 accent-[var(--sl-accent)]"
          checked={compare.includes(m.id)}
          disabled={!compare.includes(m.id) && compare.length >= MAX_COMPARE}
          onChange={() => toggleCompare(m.id)}
        />
      ),
    },
    {
      id: 'name',
      header: 'Model',
      sortValue: (m) => m.name,
      cell: (m) => (
        <div className="flex flex-col">
          <Link href={`/models/${m.id}`} className={cx('font-medium text-accent hover:underline', focusRing)}>
            {m.name}
          </Link>
          <span className="text-xs text-fg-muted">
            {m.family} · {m.provider}
          </span>
        </div>
      ),
    },
    { id: 'context', header: 'Context', align: 'end', sortValue: (m) => m.contextWindow, cell: (m) => <span className="whitespace-nowrap">{formatContext(m.contextWindow)}</span> },
    { id: 'input', header: 'Input price', align: 'end', sortValue: (m) => m.inputPricePer1M, cell: (m) => <TieredPrice base={m.inputPricePer1M} model={m} tiered={m.longContext?.inputPricePer1M} /> },
    { id: 'output', header: 'Output price', align: 'end', sortValue: (m) => m.outputPricePer1M, cell: (m) => <TieredPrice base={m.outputPricePer1M} model={m} tiered={m.longContext?.outputPricePer1M} /> },
    { id: 'capabilities', header: 'Capabilities', cell: (m) => <span className="text-xs">{m.capabilities.map(capabilityLabel).join(', ') || '—'}</span> },
    { id: 'status', header: 'Status', sortValue: (m) => m.status, cell: (m) => <Badge tone={m.status === 'ga' ? 'success' : m.status === 'deprecated' ? 'danger' : 'warning'}>{m.status}</Badge> },
  ];

  return (
    <>
      <PageHeader
        title="Models"
        description="The models your organization offers through the gateway, with their capabilities and prices."
        actions={
          <>
            <Link href="/models/requests" className={cx('inline-flex h-10 items-center rounded-lg border border-border bg-surface px-4 text-sm font-medium text-fg hover:bg-surface-muted', focusRing)}>
              {session.can('models:requests-any') ? 'Access requests' : 'My access requests'}
            </Link>
            <Button disabled={compare.length < 2} onClick={() => router.push(`/models/compare?ids=${compare.join(',')}`)}>
              Compare ({compare.length}/{MAX_COMPARE})
            </Button>
          </>
        }
      />
      <form key={JSON.stringify(filters)} role="search" aria-label="Filter models" onSubmit={apply} className="grid gap-4 rounded-xl border border-border bg-surface p-5 sm:grid-cols-2 lg:grid-cols-4">
        <TextField label="Search" name="q" defaultValue={filters.q} placeholder="Name, family or description" />
        <SelectField label="Provider" name="provider" defaultValue={filters.provider ?? ''} placeholder="Any provider" options={PROVIDERS.map((p) => ({ value: p, label: p }))} />
        <SelectField label="Capability" name="capability" defaultValue={filters.capability ?? ''} placeholder="Any capability" options={CAPABILITIES.map((c) => ({ value: c, label: capabilityLabel(c) }))} />
        <SelectField label="Modality" name="modality" defaultValue={filters.modality ?? ''} placeholder="Any modality" options={MODALITIES.map((m) => ({ value: m, label: m }))} />
        <TextField label="Minimum context (tokens)" name="minContextWindow" type="number" min="0" defaultValue={filters.minContextWindow} />
        <TextField label="Max input price (USD / 1M)" name="maxInputPrice" type="number" min="0" step="0.01" defaultValue={filters.maxInputPrice} />
        <SelectField
          label="Sort by"
          name="sort"
          defaultValue={filters.sort ?? 'name'}
          options={[
            { value: 'name', label: 'Name' },
            { value: 'inputPrice', label: 'Input price' },
            { value: 'contextWindow', label: 'Context window' },
          ]}
        />
        <div className="flex items-end gap-2">
          <Button type="submit">Apply</Button>
          <Button variant="ghost" onClick={() => router.replace('/models')}>
            Clear
          </Button>
        </div>
      </form>
      {state.status === 'loading' && (
        <div aria-busy="true" className="flex flex-col gap-2 rounded-xl border border-border bg-surface p-5">
          <span className="sr-only">Loading models</span>
          {[0, 1, 2, 3].map((i) => (
            <Skeleton key={i} className="h-10 w-full" />
          ))}
        </div>
      )}
      {state.status === 'error' && <ErrorState title="Can’t load the model catalog" description={state.message} onRetry={reload} />}
      {state.status === 'ready' && (
        <>
          <DataTable
            caption="Model catalog"
            captionHidden
            columns={columns}
            rows={state.items}
            rowKey={(m) => m.id}
            empty={<EmptyState title="No model matches these filters" description="Clear a filter or widen the price and context limits." />}
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
    </>
  );
}

/** A price with, for a model with a long-context tier, the tier's price below it. */
function TieredPrice({ base, tiered, model }: { base: number; tiered: number | undefined; model: Model }) {
  return (
    <span className="flex flex-col items-end whitespace-nowrap">
      {formatPricePer1M(base)}
      {model.longContext && tiered !== undefined && (
        <span className="text-xs text-fg-muted">
          above {formatCompact(model.longContext.aboveTokens)}: {formatPricePer1M(tiered)}
        </span>
      )}
    </span>
  );
}
