'use client';

import { useEffect, useState } from 'react';
import { Button, ErrorState, SelectField } from '@sluice/ui';
import { apiRequest } from '../../api/api-client';
import { pageSchema } from '../../api/me-schema';
import { useApiQuery } from '../../api/use-api-query';
import { ExportJobList } from '../exports/export-job-list';
import { exportJobSchema } from '../exports/export-schemas';
import type { AuditFilterValues } from './audit-schemas';

const POLL_MS = 2_000;

/** Signed exports of the trail (the current filters), their progress, downloads and how to verify them offline. */
export function AuditExportsPanel({ filters }: { filters: AuditFilterValues }) {
  const [format, setFormat] = useState('csv');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // Polled with reload(): the list stays on screen between answers instead of flashing empty.
  const list = useApiQuery('audit-exports', (signal) => apiRequest('/api/v1/audit/exports', { query: { limit: 10 }, schema: pageSchema(exportJobSchema), signal }));
  const { state, reload } = list;
  const items = state.status === 'ready' ? state.data.items : [];
  const inProgress = items.some((e) => e.status === 'queued' || e.status === 'running');

  useEffect(() => {
    if (!inProgress) return;
    const timer = setTimeout(reload, POLL_MS);
    return () => clearTimeout(timer);
  }, [inProgress, state, reload]);

  const create = async () => {
    setBusy(true);
    setError(null);
    try {
      await apiRequest('/api/v1/audit/exports', { method: 'POST', body: { format, filters }, schema: exportJobSchema });
      reload();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="exports-heading" className="flex flex-col gap-4 rounded-xl border border-border bg-surface p-5">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div className="flex max-w-prose flex-col gap-1">
          <h2 id="exports-heading" className="text-base font-semibold text-fg">
            Exports
          </h2>
          <p className="text-sm text-fg-muted">
            A signed file of the events matching the current filters{Object.keys(filters).length ? '' : ' (all events)'}, with a manifest that proves it is complete and unaltered.
          </p>
        </div>
        <div className="flex items-end gap-2">
          <SelectField
            label="Format"
            value={format}
            onChange={(e) => setFormat(e.target.value)}
            options={[
              { value: 'csv', label: 'CSV' },
              { value: 'jsonl', label: 'JSON Lines' },
            ]}
          />
          <Button onClick={create} loading={busy}>
            Export
          </Button>
        </div>
      </div>
      {error && <ErrorState layout="inline" title="That did not work" description={error} />}
      {list.state.status === 'error' && <ErrorState layout="inline" title="Can’t list exports" description={list.state.message} onRetry={() => reload()} />}
      {items.length > 0 && (
        <ExportJobList items={items} basePath="/api/v1/audit/exports" filePrefix="audit-export" rowNoun="events" label="Recent exports" testId="audit-export" onError={setError} />
      )}
      <details className="text-sm text-fg">
        <summary className="cursor-pointer font-medium">Verify an export offline</summary>
        <div className="mt-2 flex flex-col gap-2 text-fg-muted">
          <p>You need the file, its manifest and your operator’s audit public key (ask for it out of band, not from this portal). Then, from a Sluice checkout:</p>
          <pre className="overflow-x-auto rounded-lg bg-surface-muted p-3 font-mono text-xs text-fg" tabIndex={0}>
            node libs/audit/dist/cli/verify-export.js audit-export.csv manifest.json audit.pub.pem
          </pre>
          <p>
            It re-hashes every event, checks the chain links and the file hash, and checks the manifest’s Ed25519 signature. Exit code 0 means the export is complete and unaltered; it
            prints what failed otherwise.
          </p>
        </div>
      </details>
    </section>
  );
}
