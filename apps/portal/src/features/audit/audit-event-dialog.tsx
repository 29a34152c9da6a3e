'use client';

import { Badge, Button, Dialog } from '@sluice/ui';
import { formatDateTime } from '../../format/dates';
import type { AuditRecord } from './audit-schemas';
import { diffRecords, displayValue, type FieldChange } from './record-diff';

const CHANGE_TONE = { changed: 'warning', added: 'success', removed: 'danger', unchanged: 'neutral' } as const satisfies Record<FieldChange, string>;

/** One event in full: who, what, when, from where, the before/after images and its place in the chain. */
export function AuditEventDialog({ event, onClose }: { event: AuditRecord | null; onClose: () => void }) {
  if (!event) return null;
  const diff = diffRecords(event.before, event.after);
  const facts: Array<[string, string]> = [
    ['When', formatDateTime(event.occurred_at)],
    ['Actor', `${event.actor_type}${event.actor_id ? ` ${event.actor_id}` : ''}`],
    ['Signed in with', event.actor_auth_method ?? '—'],
    ['Target', event.target_type ? `${event.target_type}${event.target_id ? ` ${event.target_id}` : ''}` : '—'],
    ['Result', event.result],
    ['IP address', event.ip ?? '—'],
    ['User agent', event.user_agent ?? '—'],
    ['Request ID', event.request_id ?? '—'],
    ['Sequence', String(event.seq)],
    ['Hash', event.hash],
    ['Previous hash', event.prev_hash ?? '— (first event)'],
  ];

  return (
    <Dialog open onClose={onClose} size="lg" title={event.action} description={`Audit event #${event.seq}`} footer={<Button onClick={onClose}>Close</Button>}>
      <div className="flex flex-col gap-6">
        <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1.5 text-sm">
          {facts.map(([term, value]) => (
            <div key={term} className="contents">
              <dt className="text-fg-muted">{term}</dt>
              <dd className="min-w-0 font-mono text-xs break-all text-fg">{value}</dd>
            </div>
          ))}
        </dl>
        <section aria-labelledby="audit-diff-heading" className="flex flex-col gap-2">
          <h3 id="audit-diff-heading" className="text-sm font-semibold text-fg">
            Changes
          </h3>
          {diff.length === 0 ? (
            <p className="text-sm text-fg-muted">This event records no before or after state.</p>
          ) : (
            <div className="overflow-x-auto rounded-lg border border-border">
              <table className="w-full text-sm">
                <caption className="sr-only">Field values before and after the change</caption>
                <thead>
                  <tr className="border-b border-border text-left text-fg-muted">
                    <th scope="col" className="px-3 py-2 font-medium">Field</th>
                    <th scope="col" className="px-3 py-2 font-medium">Before</th>
                    <th scope="col" className="px-3 py-2 font-medium">After</th>
                    <th scope="col" className="px-3 py-2 font-medium">Change</th>
                  </tr>
                </thead>
                <tbody>
                  {diff.map((row) => (
                    <tr key={row.field} className="border-b border-border last:border-b-0 align-top">
                      <th scope="row" className="px-3 py-2 text-left font-mono text-xs font-medium text-fg">{row.field}</th>
                      <td className="px-3 py-2 font-mono text-xs break-all text-fg">{displayValue(row.before)}</td>
                      <td className="px-3 py-2 font-mono text-xs break-all text-fg">{displayValue(row.after)}</td>
                      <td className="px-3 py-2"><Badge tone={CHANGE_TONE[row.change]}>{row.change}</Badge></td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      </div>
    </Dialog>
  );
}
