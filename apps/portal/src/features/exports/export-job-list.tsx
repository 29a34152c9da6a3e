'use client';

import type { ReactNode } from 'react';
import { Badge, Button } from '@sluice/ui';
import { apiRequest } from '../../api/api-client';
import { formatDateTime } from '../../format/dates';
import { formatInteger } from '../../format/numbers';
import { downloadLinkSchema, type ExportJob } from './export-schemas';

const STATUS_TONE = { queued: 'neutral', running: 'accent', succeeded: 'success', failed: 'danger' } as const;

export interface ExportJobListProps {
  items: readonly ExportJob[];
  /** e.g. `/api/v1/audit/exports`: the job's download link is `${basePath}/{id}/download-link`. */
  basePath: string;
  /** Downloaded files are named `${filePrefix}-{id}.{format}` and `…manifest.json`. */
  filePrefix: string;
  /** What a row of the file is, for the progress line ("events", "rows"). */
  rowNoun: string;
  label: string;
  testId: string;
  /** What the job covers, shown next to its status (the report's range, say). */
  describe?: (item: ExportJob) => ReactNode;
  onError: (message: string) => void;
}

const CHAIN_BREAK_LABELS: Record<string, string> = {
  seq_gap: 'an event is missing',
  reordered: 'events are out of order',
  hash_mismatch: 'an event was altered',
  prev_hash_mismatch: 'the link to the previous event does not match',
  anchor_mismatch: 'the retained anchor does not match',
  malformed: 'an event is malformed',
};

/** Export jobs with their status, a progress bar while they run, and file and manifest downloads once done. */
export function ExportJobList({ items, basePath, filePrefix, rowNoun, label, testId, describe, onError }: ExportJobListProps) {
  const download = async (item: ExportJob, which: 'url' | 'manifestUrl') => {
    try {
      const link = await apiRequest(`${basePath}/${item.id}/download-link`, { method: 'POST', body: {}, schema: downloadLinkSchema });
      const anchor = document.createElement('a');
      anchor.href = link[which];
      anchor.download = which === 'url' ? `${filePrefix}-${item.id}.${item.format}` : `${filePrefix}-${item.id}.manifest.json`;
      document.body.append(anchor);
      anchor.click();
      anchor.remove();
    } catch (err) {
      onError(err instanceof Error ? err.message : String(err));
    }
  };

  return (
    <ul className="flex flex-col divide-y divide-border" aria-label={label}>
      {items.map((item) => (
        <li key={item.id} className="flex flex-wrap items-center justify-between gap-3 py-3" data-testid={testId}>
          <div className="flex min-w-0 flex-col gap-1.5">
            <span className="flex items-center gap-2 text-sm text-fg">
              <Badge tone={STATUS_TONE[item.status]}>{item.status}</Badge>
              {describe ? describe(item) : item.format.toUpperCase()} · requested {formatDateTime(item.createdAt)}
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
              {formatInteger(item.progress.rowsWritten)} {rowNoun}
              {item.progress.rowsEstimated !== null ? ` of ${formatInteger(item.progress.rowsEstimated)}` : ''}
              {item.fileBytes !== null ? ` · ${formatInteger(item.fileBytes)} bytes` : ''}
              {item.error ? ` · ${item.error}` : ''}
            </span>
            {item.manifest?.chainVerified === false && (
              <p role="alert" className="max-w-prose text-sm text-danger">
                The audit trail’s hash chain is broken{item.manifest.chainBreak ? ` at event #${item.manifest.chainBreak.seq} (${CHAIN_BREAK_LABELS[item.manifest.chainBreak.reason] ?? item.manifest.chainBreak.reason})` : ''}: events were
                changed, removed or reordered in the database after they were written. The file holds the events as they are stored now and the signed manifest
                records the break; treat the trail from that event on as untrustworthy and investigate.
              </p>
            )}
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
  );
}
