'use client';

import Link from 'next/link';
import { cx, EmptyState, ErrorState, focusRing, Skeleton } from '@sluice/ui';
import { apiRequest } from '../../api/api-client';
import { useApiQuery } from '../../api/use-api-query';
import { PageHeader } from '../../shell/page-header';
import { formatLongContext } from './long-context';
import { capabilityLabel, formatContext, formatPricePer1M } from './model-format';
import { MAX_COMPARE, modelDetailSchema, type ModelDetail } from './model-schemas';

type Row = [string, (m: ModelDetail) => string];

/** The 1-hour cache-write price row, shown when one of the models has that price. */
const CACHE_WRITE_1H_ROW: Row = ['Cache write (1h) price', (m) => (m.cacheWrite1hPricePer1M === null ? '—' : formatPricePer1M(m.cacheWrite1hPricePer1M))];

const rowsFor = (models: ModelDetail[]): Row[] =>
  models.some((m) => m.cacheWrite1hPricePer1M !== null) ? ROWS.flatMap((row) => (row[0] === 'Cache write price' ? [row, CACHE_WRITE_1H_ROW] : [row])) : ROWS;

const ROWS: Row[] = [
  ['Provider', (m) => m.provider],
  ['Family', (m) => m.family],
  ['Status', (m) => m.status],
  ['Context window', (m) => formatContext(m.contextWindow)],
  ['Max output', (m) => (m.maxOutputTokens ? formatContext(m.maxOutputTokens) : '—')],
  ['Input price', (m) => formatPricePer1M(m.inputPricePer1M)],
  ['Cached input price', (m) => formatPricePer1M(m.cachedInputPricePer1M)],
  ['Cache write price', (m) => formatPricePer1M(m.cacheWritePricePer1M ?? m.inputPricePer1M)],
  ['Long-context prices', (m) => formatLongContext(m.longContext)],
  ['Output price', (m) => formatPricePer1M(m.outputPricePer1M)],
  ['Modalities', (m) => m.modalities.join(', ') || '—'],
  ['Capabilities', (m) => m.capabilities.map(capabilityLabel).join(', ') || '—'],
];

/** Up to four models side by side. */
export function CompareModelsPage({ ids }: { ids: string[] }) {
  const chosen = ids.slice(0, MAX_COMPARE);
  const { state, reload } = useApiQuery(chosen.join(','), (signal) => Promise.all(chosen.map((id) => apiRequest(`/api/v1/models/${id}`, { schema: modelDetailSchema, signal }))));
  return (
    <>
      <Link href="/models" className={cx('text-sm text-accent hover:underline', focusRing)}>
        ← Model catalog
      </Link>
      <PageHeader title="Compare models" description={`Up to ${MAX_COMPARE} models side by side.`} />
      {chosen.length < 2 && <EmptyState title="Choose at least two models" description="Tick “Compare” next to two to four models in the catalog." />}
      {chosen.length >= 2 && state.status === 'loading' && <Skeleton className="h-64 w-full" />}
      {state.status === 'error' && <ErrorState title="Can’t load these models" description={state.message} onRetry={reload} />}
      {chosen.length >= 2 && state.status === 'ready' && (
        <div className="overflow-x-auto rounded-xl border border-border bg-surface">
          <table className="w-full text-sm">
            <caption className="sr-only">Model comparison</caption>
            <thead>
              <tr className="border-b border-border">
                <td className="px-4 py-2.5" />
                {state.data.map((m) => (
                  <th key={m.id} scope="col" className="px-4 py-2.5 text-left font-semibold text-fg">
                    {m.name}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rowsFor(state.data).map(([label, value]) => (
                <tr key={label} className="border-b border-border last:border-b-0">
                  <th scope="row" className="px-4 py-2.5 text-left font-medium text-fg-muted">
                    {label}
                  </th>
                  {state.data.map((m) => (
                    <td key={m.id} className="px-4 py-2.5 text-fg">
                      {value(m)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
