'use client';

import Link from 'next/link';
import { useState } from 'react';
import { Button, cx, DataTable, Dialog, EmptyState, ErrorState, focusRing, SelectField, Skeleton, TextField, type DataTableColumn } from '@sluice/ui';
import { apiRequest } from '../../api/api-client';
import { usePagedList } from '../../api/use-paged-list';
import { formatDateTime } from '../../format/dates';
import { useSession } from '../../session/session-context';
import { PageHeader } from '../../shell/page-header';
import { AccessRequestStatus } from './access-request-status';
import { accessRequestPageSchema, accessRequestSchema, type AccessRequest } from './model-schemas';

type Decision = { kind: 'approve' | 'deny'; request: AccessRequest } | null;

function pageDescription(canDecide: boolean, seesAll: boolean): string {
  if (canDecide) return 'Approving adds the model to the team’s allowed models; gateways apply it within a second.';
  if (seesAll) return 'Every request of the organization for a model, and what was decided. Owners and admins decide.';
  return 'Requests for models your teams asked for, and what was decided.';
}

/** Model access requests: admins approve or deny them; auditors see them all; everyone else sees the status of their teams' requests. */
export function AccessRequestsPage() {
  const session = useSession();
  const canDecide = session.can('models:decide');
  const seesAll = session.can('models:requests-any');
  const [status, setStatus] = useState(canDecide ? 'pending' : '');
  const { state, loadMore, reload, update } = usePagedList(`access-requests:${status}`, (cursor, signal) =>
    apiRequest('/api/v1/model-access-requests', { query: { cursor, limit: 50, status }, schema: accessRequestPageSchema, signal }),
  );
  const [decision, setDecision] = useState<Decision>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const decide = async () => {
    if (!decision) return;
    if (decision.kind === 'deny' && !reason.trim()) {
      setError('Tell the requester why: the reason is shown to them.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const decided = await apiRequest(`/api/v1/model-access-requests/${decision.request.id}/${decision.kind}`, {
        method: 'POST',
        body: reason.trim() ? { reason: reason.trim() } : {},
        schema: accessRequestSchema,
      });
      update((r) => r.id === decided.id, decided);
      setDecision(null);
      setReason('');
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  const columns: DataTableColumn<AccessRequest>[] = [
    { id: 'model', header: 'Model', sortValue: (r) => r.model, cell: (r) => <span className="font-mono text-xs">{r.model}</span> },
    { id: 'team', header: 'Team', sortValue: (r) => r.teamName, cell: (r) => r.teamName },
    { id: 'reason', header: 'Reason', cell: (r) => r.reason || <span className="text-fg-muted">—</span> },
    { id: 'requested', header: 'Requested', sortValue: (r) => r.createdAt, cell: (r) => formatDateTime(r.createdAt) },
    { id: 'status', header: 'Status', sortValue: (r) => r.status, cell: (r) => <span className="flex flex-col gap-1"><AccessRequestStatus status={r.status} />{r.decisionReason && <span className="text-xs text-fg-muted">{r.decisionReason}</span>}</span> },
    ...(canDecide
      ? [
          {
            id: 'actions',
            header: 'Decision',
            cell: (r: AccessRequest) =>
              r.status === 'pending' ? (
                <div className="flex gap-2">
                  <Button size="sm" onClick={() => setDecision({ kind: 'approve', request: r })} aria-label={`Approve ${r.model} for ${r.teamName}`}>
                    Approve
                  </Button>
                  <Button size="sm" variant="secondary" onClick={() => setDecision({ kind: 'deny', request: r })} aria-label={`Deny ${r.model} for ${r.teamName}`}>
                    Deny
                  </Button>
                </div>
              ) : null,
          },
        ]
      : []),
  ];

  return (
    <>
      <Link href="/models" className={cx('text-sm text-accent hover:underline', focusRing)}>
        ← Model catalog
      </Link>
      <PageHeader title={seesAll ? 'Model access requests' : 'My access requests'} description={pageDescription(canDecide, seesAll)} />
      <div className="flex items-end gap-3">
        <SelectField
          label="Status"
          value={status}
          onChange={(e) => setStatus(e.target.value)}
          placeholder="Any status"
          options={[
            { value: 'pending', label: 'Pending' },
            { value: 'approved', label: 'Approved' },
            { value: 'denied', label: 'Denied' },
          ]}
        />
      </div>
      {state.status === 'loading' && <Skeleton className="h-32 w-full" />}
      {state.status === 'error' && <ErrorState title="Can’t load access requests" description={state.message} onRetry={reload} />}
      {state.status === 'ready' && (
        <>
          <DataTable
            caption="Model access requests"
            captionHidden
            columns={columns}
            rows={state.items}
            rowKey={(r) => r.id}
            empty={<EmptyState title={status === 'pending' ? 'Nothing waiting for a decision' : 'No requests'} description="Requests appear here when someone asks for a model on its catalog page." />}
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
      <Dialog
        open={decision !== null}
        onClose={() => {
          setDecision(null);
          setError(null);
        }}
        size="sm"
        title={decision ? `${decision.kind === 'approve' ? 'Approve' : 'Deny'} ${decision.request.model} for ${decision.request.teamName}?` : ''}
        description={decision?.kind === 'approve' ? 'The team’s keys may call the model within a second.' : 'The requester sees your reason.'}
        footer={
          <>
            <Button variant="secondary" onClick={() => setDecision(null)}>
              Cancel
            </Button>
            <Button variant={decision?.kind === 'deny' ? 'danger' : 'primary'} onClick={decide} loading={busy}>
              {decision?.kind === 'approve' ? 'Approve' : 'Deny'}
            </Button>
          </>
        }
      >
        <TextField label={decision?.kind === 'deny' ? 'Reason (required)' : 'Note (optional)'} value={reason} onChange={(e) => setReason(e.target.value)} error={error ?? undefined} data-autofocus />
      </Dialog>
    </>
  );
}
