'use client';

import Link from 'next/link';
import { useState, type FormEvent } from 'react';
import { Badge, Button, cx, DataTable, EmptyState, ErrorState, focusRing, Skeleton, TextField, type DataTableColumn } from '@sluice/ui';
import { apiRequest } from '../../api/api-client';
import { usePagedList } from '../../api/use-paged-list';
import { formatDate } from '../../format/dates';
import { PageHeader } from '../../shell/page-header';
import { formatContext, formatPricePer1M } from '../models/model-format';
import { modelPageSchema, type Model } from '../models/model-schemas';
import { CatalogModelDialog, type CatalogEditing } from './catalog-model-dialog';
import { STATUS_LABELS } from './catalog-model-form';

const statusTone = (status: string) => (status === 'ga' ? 'success' : status === 'deprecated' ? 'danger' : 'warning');

/** The model catalog for admins: prices, status and deprecation, descriptions and tags; new models. */
export function CatalogAdminPage() {
  const [q, setQ] = useState('');
  const [editing, setEditing] = useState<CatalogEditing>(null);
  const { state, loadMore, reload, update } = usePagedList(`catalog-admin:${q}`, (cursor, signal) =>
    apiRequest('/api/v1/models', { query: { q: q || undefined, cursor, limit: 100 }, schema: modelPageSchema, signal }),
  );

  const search = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setQ(String(new FormData(event.currentTarget).get('q') ?? '').trim());
  };

  const columns: DataTableColumn<Model>[] = [
    {
      id: 'name',
      header: 'Model',
      sortValue: (m) => m.name.toLowerCase(),
      cell: (m) => (
        <Link href={`/models/${m.id}`} className={cx('font-medium text-accent hover:underline', focusRing)}>
          {m.name}
        </Link>
      ),
    },
    { id: 'provider', header: 'Provider', sortValue: (m) => m.provider, cell: (m) => m.provider },
    { id: 'context', header: 'Context', sortValue: (m) => m.contextWindow, cell: (m) => formatContext(m.contextWindow) },
    { id: 'input', header: 'Input', sortValue: (m) => m.inputPricePer1M, cell: (m) => formatPricePer1M(m.inputPricePer1M) },
    { id: 'output', header: 'Output', sortValue: (m) => m.outputPricePer1M, cell: (m) => formatPricePer1M(m.outputPricePer1M) },
    {
      id: 'status',
      header: 'Status',
      sortValue: (m) => m.status,
      cell: (m) => (
        <span className="flex flex-col gap-1">
          <Badge tone={statusTone(m.status)}>{STATUS_LABELS[m.status as keyof typeof STATUS_LABELS] ?? m.status}</Badge>
          {m.deprecationDate && <span className="text-xs text-fg-muted">until {formatDate(m.deprecationDate)}</span>}
        </span>
      ),
    },
    { id: 'tags', header: 'Tags', cell: (m) => (m.tags.length ? <span className="text-xs">{m.tags.join(', ')}</span> : <span className="text-fg-muted">—</span>) },
    {
      id: 'actions',
      header: 'Actions',
      cell: (m) => (
        <Button size="sm" variant="secondary" onClick={() => setEditing({ mode: 'edit', model: m })} aria-label={`Edit ${m.name}`}>
          Edit
        </Button>
      ),
    },
  ];

  return (
    <>
      <PageHeader title="Model catalog" description="What the gateway offers and what it costs. Prices drive cost accounting and budgets; a deprecation date stops the gateway serving the model on that day." actions={<Button onClick={() => setEditing({ mode: 'create' })}>Add model</Button>} />
      <form role="search" aria-label="Search the catalog" onSubmit={search} className="flex items-end gap-2">
        <TextField label="Search" name="q" defaultValue={q} placeholder="Name, family or description" className="w-72" />
        <Button type="submit" variant="secondary">
          Search
        </Button>
      </form>
      {state.status === 'loading' && <Skeleton className="h-48 w-full" />}
      {state.status === 'error' && <ErrorState title="Can’t load the catalog" description={state.message} onRetry={reload} />}
      {state.status === 'ready' && (
        <>
          <DataTable
            caption="Catalog models"
            captionHidden
            columns={columns}
            rows={state.items}
            rowKey={(m) => m.id}
            empty={<EmptyState title={q ? 'No model matches' : 'The catalog is empty'} description={q ? 'Try another search.' : 'Add a model so teams can be given access to it.'} />}
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
      <CatalogModelDialog
        editing={editing}
        onClose={() => setEditing(null)}
        onSaved={(saved, created) => {
          setEditing(null);
          if (created) reload();
          else update((m) => m.id === saved.id, saved);
        }}
      />
    </>
  );
}
