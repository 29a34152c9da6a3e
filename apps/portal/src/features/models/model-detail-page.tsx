'use client';

import Link from 'next/link';
import { useState, type FormEvent } from 'react';
import { Badge, Button, cx, ErrorState, focusRing, SelectField, Skeleton, TextField } from '@sluice/ui';
import { apiRequest } from '../../api/api-client';
import { useApiQuery } from '../../api/use-api-query';
import { formatDateTime } from '../../format/dates';
import { useSession } from '../../session/session-context';
import { PageHeader } from '../../shell/page-header';
import { AccessRequestStatus } from './access-request-status';
import { formatLongContext } from './long-context';
import { capabilityLabel, formatContext, formatPricePer1M } from './model-format';
import { accessRequestPageSchema, accessRequestSchema, modelDetailSchema, type ModelDetail } from './model-schemas';

export function ModelDetailPage({ modelId }: { modelId: string }) {
  const { state, reload } = useApiQuery(`model:${modelId}`, (signal) => apiRequest(`/api/v1/models/${modelId}`, { schema: modelDetailSchema, signal }));
  const back = (
    <Link href="/models" className={cx('text-sm text-accent hover:underline', focusRing)}>
      ← Model catalog
    </Link>
  );
  if (state.status === 'loading')
    return (
      <div aria-busy="true" className="flex flex-col gap-4">
        {back}
        <span className="sr-only">Loading model</span>
        <Skeleton className="h-8 w-64" />
        <Skeleton className="h-40 w-full" />
      </div>
    );
  if (state.status === 'error')
    return (
      <>
        {back}
        <h1 className="sr-only">Model</h1>
        <ErrorState title="Can’t load this model" description={state.message} onRetry={reload} />
      </>
    );
  const model = state.data;
  return (
    <>
      {back}
      <PageHeader title={model.name} description={model.description || `${model.family} model served by ${model.provider}.`} />
      <ModelFacts model={model} />
      <RequestAccessPanel model={model} onDecided={reload} />
    </>
  );
}

function ModelFacts({ model }: { model: ModelDetail }) {
  // The admin API lists only the caller's own teams unless they may see every team: say so, or "None yet" reads as "no team has it".
  const allTeams = useSession().can('teams:read-any');
  const facts: Array<[string, React.ReactNode]> = [
    ['Status', <Badge key="s" tone={model.status === 'ga' ? 'success' : model.status === 'deprecated' ? 'danger' : 'warning'}>{model.status}</Badge>],
    ['Family', model.family],
    ['Provider', model.provider],
    ['Context window', formatContext(model.contextWindow)],
    ['Max output', model.maxOutputTokens ? formatContext(model.maxOutputTokens) : '—'],
    ['Input price', formatPricePer1M(model.inputPricePer1M)],
    ['Cached input price', formatPricePer1M(model.cachedInputPricePer1M)],
    ['Cache write price', formatPricePer1M(model.cacheWritePricePer1M ?? model.inputPricePer1M)],
    ...(model.cacheWrite1hPricePer1M !== null ? [['Cache write (1h) price', formatPricePer1M(model.cacheWrite1hPricePer1M)] as [string, React.ReactNode]] : []),
    ['Long-context prices', formatLongContext(model.longContext)],
    ['Output price', formatPricePer1M(model.outputPricePer1M)],
    ['Modalities', model.modalities.join(', ') || '—'],
    ['Capabilities', model.capabilities.map(capabilityLabel).join(', ') || '—'],
    ['Deprecation date', model.deprecationDate ?? '—'],
    [allTeams ? 'Teams with access' : 'Your teams with access', model.teamsWithAccess.map((t) => t.name).join(', ') || (allTeams ? 'None yet' : 'None of your teams')],
    ['Deployments', deploymentsFact(model)],
  ];
  return (
    <section aria-labelledby="facts-heading" className="rounded-xl border border-border bg-surface p-5">
      <h2 id="facts-heading" className="mb-3 text-base font-semibold text-fg">
        Details
      </h2>
      <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[max-content_1fr]">
        {facts.map(([term, value]) => (
          <div key={term} className="contents">
            <dt className="text-fg-muted">{term}</dt>
            <dd className="text-fg">{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

/** The model's enabled deployments; without one every call fails, which access to the model does not change: say so. */
function deploymentsFact(model: ModelDetail): React.ReactNode {
  const enabled = model.deployments.filter((d) => d.enabled);
  if (enabled.length > 0) return enabled.map((d) => `${d.providerName} (${d.upstreamModel})`).join(', ');
  return <span className="text-danger">None enabled: the gateway cannot serve this model, so calls to it fail until an admin adds or enables a deployment.</span>;
}

/**
 * What the Access panel says when it has nothing else to show (no team of the caller has the model, and
 * the caller cannot request it for one), so it is never an empty box; null when it has something to show.
 */
export function accessHint(input: { ownTeams: number; ownTeamsWithAccess: number; canRequestForATeam: boolean; canDecide: boolean; canRequest: boolean }): string | null {
  if (input.ownTeamsWithAccess > 0 || input.canRequestForATeam) return null;
  if (input.canDecide) return 'A team gets this model through its allowed models (Teams → the team → Allowed models) or when you approve its request (Access requests).';
  if (input.ownTeams === 0) return 'You are not a member of a team in this organization. Ask a team admin to add you to one to use or request this model.';
  if (!input.canRequest) return 'Developers and team admins of a team can request access to this model for it.';
  return null;
}

function RequestAccessPanel({ model, onDecided }: { model: ModelDetail; onDecided: () => void }) {
  const session = useSession();
  const requests = useApiQuery(`requests:${model.name}`, (signal) => apiRequest('/api/v1/model-access-requests', { query: { limit: 100 }, schema: accessRequestPageSchema, signal }));
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);
  const withAccess = new Set(model.teamsWithAccess.map((t) => t.id));
  // The admin API takes a request only for a team where the caller's own role may request (not as its viewer).
  const requestTeams = session.teamsWhere('models:request');
  const mine = requests.state.status === 'ready' ? requests.state.data.items.filter((r) => r.model === model.name) : [];
  // A team with a pending request for the model is not offered again (the admin API would answer 409).
  const pending = new Set(mine.filter((r) => r.status === 'pending').map((r) => r.teamId));
  const eligibleTeams = requestTeams.filter((t) => !withAccess.has(t.id) && !pending.has(t.id));

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const teamId = String(form.get('teamId') ?? '');
    if (!teamId) {
      setMessage({ tone: 'error', text: 'Choose the team that needs the model.' });
      return;
    }
    setBusy(true);
    setMessage(null);
    try {
      await apiRequest('/api/v1/model-access-requests', { method: 'POST', body: { teamId, model: model.name, reason: String(form.get('reason') ?? '').trim() }, schema: accessRequestSchema });
      setMessage({ tone: 'ok', text: 'Request sent. An administrator will approve or deny it; its status shows below.' });
      requests.reload();
      onDecided();
    } catch (err) {
      setMessage({ tone: 'error', text: err instanceof Error ? err.message : String(err) });
    } finally {
      setBusy(false);
    }
  };

  const hint = accessHint({
    ownTeams: session.teams.length,
    ownTeamsWithAccess: session.teams.filter((t) => withAccess.has(t.id)).length,
    canRequestForATeam: session.can('models:request') && eligibleTeams.length > 0,
    canDecide: session.can('models:decide'),
    canRequest: requestTeams.length > 0,
  });
  return (
    <section aria-labelledby="access-heading" className="flex flex-col gap-4 rounded-xl border border-border bg-surface p-5">
      <h2 id="access-heading" className="text-base font-semibold text-fg">
        Access
      </h2>
      {session.teams.some((t) => withAccess.has(t.id)) && (
        <p className="text-sm text-success">Your team{session.teams.filter((t) => withAccess.has(t.id)).length > 1 ? 's' : ''} {session.teams.filter((t) => withAccess.has(t.id)).map((t) => t.name).join(', ')} may use this model.</p>
      )}
      {hint && <p className="text-sm text-fg-muted">{hint}</p>}
      {session.can('models:request') && eligibleTeams.length > 0 && (
        <form onSubmit={submit} aria-label="Request access" className="flex flex-col gap-3">
          <SelectField label="Team" name="teamId" options={eligibleTeams.map((t) => ({ value: t.id, label: t.name }))} defaultValue={eligibleTeams.length === 1 ? eligibleTeams[0].id : ''} placeholder={eligibleTeams.length === 1 ? undefined : 'Choose a team'} />
          <TextField label="Reason" name="reason" maxLength={2000} placeholder="What the team will use it for" hint="Shown to the administrator who decides." />
          <div>
            <Button type="submit" loading={busy}>
              Request access
            </Button>
          </div>
        </form>
      )}
      {message && (
        <p role={message.tone === 'error' ? 'alert' : 'status'} className={message.tone === 'error' ? 'text-sm text-danger' : 'text-sm text-success'}>
          {message.text}
        </p>
      )}
      {requests.state.status === 'error' && <ErrorState layout="inline" title="Can’t load access requests" description={requests.state.message} onRetry={requests.reload} />}
      {mine.length > 0 && (
        <ul className="flex flex-col gap-2" aria-label="Access requests for this model">
          {mine.map((r) => (
            <li key={r.id} className="flex flex-wrap items-center gap-2 text-sm text-fg" data-testid="access-request">
              <AccessRequestStatus status={r.status} /> {r.teamName} · requested {formatDateTime(r.createdAt)}
              {r.decisionReason && <span className="text-fg-muted">· “{r.decisionReason}”</span>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
