'use client';

import { useMemo, useState } from 'react';
import { z } from 'zod';
import { POLICY_KINDS, type PolicyKind } from '@sluice/contracts';
import { Badge, Button, DataTable, EmptyState, ErrorState, SelectField, Skeleton, type DataTableColumn } from '@sluice/ui';
import { apiRequest } from '../../api/api-client';
import { useApiQuery } from '../../api/use-api-query';
import { usePagedList } from '../../api/use-paged-list';
import { formatDate } from '../../format/dates';
import { useSession } from '../../session/session-context';
import { PageHeader } from '../../shell/page-header';
import { teamPageSchema } from '../teams/team-schemas';
import { EffectivePolicyPanel } from './effective-policy-panel';
import { PolicyAttachmentsDialog, scopeLabel, type ScopeNames } from './policy-attachments-dialog';
import { PolicyDialog, type PolicyEditing } from './policy-dialog';
import { KIND_LABELS, policyPageSchema, type Policy } from './policy-schemas';
import { summarizeSpec } from './policy-spec-form';

/** Policies by kind: what each enforces, where it is attached, and what applies to a scope in the end. */
export function PoliciesPage() {
  const session = useSession();
  const canManage = session.can('policies:manage');
  const [kind, setKind] = useState<PolicyKind | ''>('');
  const [editing, setEditing] = useState<PolicyEditing>(null);
  const [attaching, setAttaching] = useState<Policy | null>(null);
  const [deleteError, setDeleteError] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<string | null>(null);
  const { state, loadMore, reload, update } = usePagedList(`policies:${kind}`, (cursor, signal) =>
    apiRequest('/api/v1/policies', { query: { cursor, limit: 100, kind: kind || undefined, sort: 'name' }, schema: policyPageSchema, signal }),
  );
  const teams = useApiQuery('policy-teams', (signal) => apiRequest('/api/v1/teams', { query: { limit: 200, sort: 'name' }, schema: teamPageSchema, signal }));
  const names: ScopeNames = useMemo(
    () => ({ orgId: session.activeOrg?.id ?? null, orgName: session.activeOrg?.name ?? 'the organization', teams: teams.state.status === 'ready' ? teams.state.data.items : [] }),
    [session.activeOrg, teams.state],
  );

  const remove = async (policy: Policy) => {
    setDeleting(policy.id);
    setDeleteError(null);
    try {
      await apiRequest(`/api/v1/policies/${policy.id}`, { method: 'DELETE', schema: z.undefined() });
      reload();
    } catch (err) {
      setDeleteError(`Deleting “${policy.name}” failed: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      setDeleting(null);
    }
  };

  const columns: DataTableColumn<Policy>[] = [
    { id: 'name', header: 'Name', sortValue: (p) => p.name.toLowerCase(), cell: (p) => <span className="font-medium">{p.name}</span> },
    { id: 'kind', header: 'Kind', sortValue: (p) => p.kind, cell: (p) => <Badge tone="neutral">{KIND_LABELS[p.kind]}</Badge> },
    { id: 'spec', header: 'Enforces', cell: (p) => <span className="text-xs">{summarizeSpec(p.kind, p.spec)}</span> },
    {
      id: 'attached',
      header: 'Attached to',
      sortValue: (p) => p.attachments.length,
      cell: (p) => (p.attachments.length === 0 ? <span className="text-fg-muted">Nowhere</span> : <span className="text-xs">{p.attachments.map((a) => scopeLabel(a.scopeType, a.scopeId, names)).join(', ')}</span>),
    },
    { id: 'updated', header: 'Updated', sortValue: (p) => p.updatedAt, cell: (p) => `${formatDate(p.updatedAt)} (v${p.version})` },
    {
      id: 'actions',
      header: 'Actions',
      cell: (p) => (
        <span className="flex flex-wrap gap-2">
          {canManage && (
            <Button size="sm" variant="secondary" onClick={() => setEditing({ mode: 'edit', policy: p })} aria-label={`Edit ${p.name}`}>
              Edit
            </Button>
          )}
          <Button size="sm" variant="ghost" onClick={() => setAttaching(p)} aria-label={`Attachments of ${p.name}`}>
            {canManage ? 'Attach' : 'Where'}
          </Button>
          {canManage && p.attachments.length === 0 && (
            <Button size="sm" variant="ghost" loading={deleting === p.id} onClick={() => void remove(p)} aria-label={`Delete ${p.name}`}>
              Delete
            </Button>
          )}
        </span>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title="Policies"
        description="Rate limits, budgets, caching, guardrails and logging, attached to the organization, teams, users or keys."
        actions={canManage && <Button onClick={() => setEditing({ mode: 'create', kind: kind || 'rate_limit' })}>New policy</Button>}
      />
      <div className="max-w-xs">
        <SelectField label="Kind" placeholder="All kinds" value={kind} onChange={(e) => setKind(e.currentTarget.value as PolicyKind | '')} options={POLICY_KINDS.map((k) => ({ value: k, label: KIND_LABELS[k] }))} />
      </div>
      {deleteError && (
        <p role="alert" className="text-sm text-danger">
          {deleteError}
        </p>
      )}
      {state.status === 'loading' && <Skeleton className="h-40 w-full" />}
      {state.status === 'error' && <ErrorState title="Can’t load policies" description={state.message} onRetry={reload} />}
      {state.status === 'ready' && (
        <>
          <DataTable
            caption="Policies"
            captionHidden
            columns={columns}
            rows={state.items}
            rowKey={(p) => p.id}
            empty={<EmptyState title={kind ? `No ${KIND_LABELS[kind].toLowerCase()} policies` : 'No policies yet'} description={canManage ? 'Create one, then attach it where it should apply.' : 'Administrators create and attach policies.'} />}
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
      <EffectivePolicyPanel key={`${names.teams.length}`} names={names} />
      <PolicyDialog
        key={editing ? (editing.mode === 'edit' ? editing.policy.id : `new-${editing.kind}`) : 'closed'}
        editing={editing}
        onClose={() => setEditing(null)}
        onSaved={(saved, created) => {
          setEditing(null);
          if (created) reload();
          else update((p) => p.id === saved.id, saved);
        }}
      />
      <PolicyAttachmentsDialog
        key={attaching?.id ?? 'closed'}
        policy={attaching}
        names={names}
        canManage={canManage}
        onClose={() => setAttaching(null)}
        onChanged={(attachments) => {
          if (!attaching) return;
          const next = { ...attaching, attachments };
          setAttaching(next);
          update((p) => p.id === next.id, next);
        }}
      />
    </>
  );
}
