'use client';

import { useEffect, useState } from 'react';
import { z } from 'zod';
import { Badge, Button, ErrorState, SelectField } from '@sluice/ui';
import { apiRequest } from '../../api/api-client';
import { pageSchema } from '../../api/me-schema';
import { useApiQuery } from '../../api/use-api-query';
import { formatDateTime } from '../../format/dates';
import { formatInteger } from '../../format/numbers';
import type { AuditFilterValues } from './audit-schemas';

const exportSchema = z.object({
  id: z.string(),
  format: z.string(),
  status: z.enum(['queued', 'running', 'succeeded', 'failed']),
  filters: z.record(z.string(), z.unknown()),
  progress: z.object({ rowsWritten: z.number(), rowsEstimated: z.number().nullable() }),
  fileBytes: z.number().nullable(),
  error: z.string().nullable(),
  createdAt: z.string(),
  completedAt: z.string().nullable(),
});
type AuditExport = z.output<typeof exportSchema>;
const downloadLinkSchema = z.object({ url: z.string(), manifestUrl: z.string(), expiresAt: z.string() });

const STATUS_TONE = { queued: 'neutral', running: 'accent', succeeded: 'success', failed: 'danger' } as const;
const POLL_MS = 2_000;

/** Signed exports of the trail (the current filters), their progress, downloads and how to verify them offline. */
export function AuditExportsPanel({ filters }: { filters: AuditFilterValues }) {
  const [format, setFormat] = useState('csv');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  const list = useApiQuery(`exports:${tick}`, (signal) => apiRequest('/api/v1/audit/exports', { query: { limit: 10 }, schema: pageSchema(exportSchema), signal }));
  const items = list.state.status === 'ready' ? list.state.data.items : [];
  const inProgress = items.some((e) => e.status === 'queued' || e.status === 'running');

  useEffect(() => {
    if (!inProgress) return;
    const timer = setTimeout(() => setTick((n) => n + 1), POLL_MS);
    return () => clearTimeout(timer);
  }, [inProgress, tick]);

  const create = async () => {
    setBusy(true);
    setError(null);
    try {
      await apiRequest('/api/v1/audit/exports', { method: 'POST', body: { format, filters }, schema: exportSchema });
      setTick((n) => n + 1);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  const download = async (item: AuditExport, which: 'url' | 'manifestUrl') => {
    setError(null);
    try {
      const link = await apiRequest(`/api/v1/audit/exports/${item.id}/download-link`, { method: 'POST', body: {}, schema: downloadLinkSchema });
      const anchor = document.createElement('a');
      anchor.href = link[which];
      anchor.download = which === 'url' ? `audit-export-${item.id}.${item.format}` : `audit-export-${item.id}.manifest.json`;
      document.body.append(anchor);
      anchor.click();
      anchor.remove();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
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
      {list.state.status === 'error' && <ErrorState layout="inline" title="Can’t list exports" description={list.state.message} onRetry={() => setTick((n) => n + 1)} />}
      {items.length > 0 && (
        <ul className="flex flex-col divide-y divide-border" aria-label="Recent exports">
          {items.map((item) => (
            <li key={item.id} className="flex flex-wrap items-center justify-between gap-3 py-3" data-testid="audit-export">
              <div className="flex min-w-0 flex-col gap-1.5">
                <span className="flex items-center gap-2 text-sm text-fg">
                  <Badge tone={STATUS_TONE[item.status]}>{item.status}</Badge>
                  {item.format.toUpperCase()} · requested {formatDateTime(item.createdAt)}
                </span>
                {(item.status === 'queued' || item.status === 'running') && (
                  <progress
                    className="h-2 w-64 overflow-hidden rounded-full [&::-webkit-progress-bar]:bg-surface-muted [&::-webkit-progress-value]:bg-accent"
                    aria-label="Export progress"
                    max={item.progress.rowsEstimated ?? undefined}
                    value={item.progress.rowsEstimated ? item.progress.rowsWritten : undefined}
                  />
                )}
                <span className="text-xs text-fg-muted">
                  {formatInteger(item.progress.rowsWritten)} events{item.progress.rowsEstimated !== null ? ` of ${formatInteger(item.progress.rowsEstimated)}` : ''}
                  {item.fileBytes !== null ? ` · ${formatInteger(item.fileBytes)} bytes` : ''}
                  {item.error ? ` · ${item.error}` : ''}
                </span>
              </div>
              {item.status === 'succeeded' && (
                <div className="flex gap-2">
                  <Button size="sm" variant="secondary" onClick={() => download(item, 'url')}>
                    Download file
                  </Button>
                  <Button size="sm" variant="secondary" onClick={() => download(item, 'manifestUrl')}>
                    Download manifest
                  </Button>
                </div>
              )}
            </li>
          ))}
        </ul>
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
