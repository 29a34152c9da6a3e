'use client';

import { useEffect, useState } from 'react';
import { Badge, Button, ErrorState, Skeleton } from '@sluice/ui';
import { apiRequest } from '../../api/api-client';
import { useApiQuery } from '../../api/use-api-query';
import { roleLabel } from '../../session/access';
import { ProblemMessage } from '../config-io/problem-message';
import { detectConnectionTest } from './connection-test-support';
import { connectionTestSchema, connectionTestStartSchema, type ConnectionTest } from './sso-schemas';

const USER_ACTION: Record<NonNullable<ConnectionTest['result']>['user']['action'], string> = {
  existing: 'Signs in as the user already linked to this connection',
  link_by_email: 'Would link the existing account with this (verified) email',
  create: 'Would create a new user',
};

/**
 * "Test connection": a real sign-in at the IdP whose outcome is recorded instead of applied. The
 * browser comes back to this page with `?test=<id>`, and the outcome is shown here.
 */
export function ConnectionTestPanel({
  connectionId,
  testId,
  teamName,
  navigate = (url) => window.location.assign(url),
}: {
  connectionId: string;
  testId: string | null;
  teamName: (id: string | null) => string;
  /** Opens the IdP's sign-in (tests pass their own). */
  navigate?: (url: string) => void;
}) {
  const [supported, setSupported] = useState<boolean | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    let live = true;
    void detectConnectionTest().then((yes) => live && setSupported(yes));
    return () => {
      live = false;
    };
  }, []);

  const start = async () => {
    setBusy(true);
    setError(null);
    try {
      const run = await apiRequest(`/api/v1/sso/connections/${connectionId}/test`, { method: 'POST', body: {}, schema: connectionTestStartSchema });
      navigate(run.loginUrl);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  if (!testId && !supported) return null;
  return (
    <section aria-labelledby="test-heading" className="flex flex-col gap-3 rounded-xl border border-border bg-surface p-5">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div className="flex flex-col gap-1">
          <h2 id="test-heading" className="text-base font-semibold text-fg">
            Test connection
          </h2>
          <p className="text-sm text-fg-muted">Sign in at the identity provider to see what it sends and what signing in would do. No session is created and nothing is changed.</p>
        </div>
        {supported && (
          <Button variant="secondary" onClick={start} loading={busy}>
            Test connection
          </Button>
        )}
      </div>
      <ProblemMessage error={error} />
      {testId && <ConnectionTestOutcome connectionId={connectionId} testId={testId} teamName={teamName} />}
    </section>
  );
}

function ConnectionTestOutcome({ connectionId, testId, teamName }: { connectionId: string; testId: string; teamName: (id: string | null) => string }) {
  const { state, reload } = useApiQuery(`sso-test:${connectionId}:${testId}`, (signal) =>
    apiRequest(`/api/v1/sso/connections/${connectionId}/test/${encodeURIComponent(testId)}`, { schema: connectionTestSchema, signal }),
  );
  if (state.status === 'loading')
    return (
      <div aria-busy="true">
        <span className="sr-only">Loading the test result</span>
        <Skeleton className="h-16 w-full" />
      </div>
    );
  if (state.status === 'error') return <ErrorState title="Can’t load the test result" description={`${state.message} Test runs are kept for 30 minutes: start a new one if this one expired.`} onRetry={reload} />;
  const run = state.data;
  const place = (p: { teamId: string | null; role: string }) => `${roleLabel(p.role)}${p.teamId ? ` in ${teamName(p.teamId)}` : ' (org-wide)'}`;

  return (
    <div data-testid="sso-test-outcome" role="status" className="flex flex-col gap-3 rounded-lg border border-border bg-surface-muted p-4 text-sm text-fg">
      {run.status === 'pending' && (
        <div className="flex flex-wrap items-center gap-3">
          <Badge tone="warning">Pending</Badge>
          <span>The sign-in at the identity provider has not finished.</span>
          <Button size="sm" variant="secondary" onClick={reload}>
            Check again
          </Button>
        </div>
      )}
      {run.status === 'failed' && run.failure && (
        <>
          <div className="flex items-center gap-2">
            <Badge tone="danger">Failed</Badge>
            <code className="font-mono text-xs">{run.failure.reason}</code>
          </div>
          <p>{run.failure.detail}</p>
        </>
      )}
      {run.status === 'succeeded' && run.result && (
        <>
          <div className="flex items-center gap-2">
            <Badge tone="success">Succeeded</Badge>
            <span>{USER_ACTION[run.result.user.action]}.</span>
          </div>
          <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1">
            <dt className="text-fg-muted">Subject</dt>
            <dd className="font-mono text-xs break-all">{run.result.claims.subject}</dd>
            <dt className="text-fg-muted">Email</dt>
            <dd>
              {run.result.claims.email} {run.result.claims.emailVerified ? '(verified)' : '(not verified)'}
            </dd>
            <dt className="text-fg-muted">Name</dt>
            <dd>{run.result.claims.name ?? '—'}</dd>
            <dt className="text-fg-muted">Groups</dt>
            <dd>{run.result.claims.groups.length ? run.result.claims.groups.join(', ') : 'none sent'}</dd>
            <dt className="text-fg-muted">Mapped groups</dt>
            <dd>{run.result.matchedGroups.length ? run.result.matchedGroups.join(', ') : 'none: no mapping names these groups'}</dd>
          </dl>
          <div>
            <p className="font-medium">Signing in would</p>
            <ul className="list-disc pl-5">
              {run.result.changes.add.map((p, i) => (
                <li key={`a${i}`}>add {place(p)}</li>
              ))}
              {run.result.changes.change.map((c, i) => (
                <li key={`c${i}`}>
                  change {roleLabel(c.from)} to {roleLabel(c.to)}
                  {c.teamId ? ` in ${teamName(c.teamId)}` : ' (org-wide)'}
                </li>
              ))}
              {run.result.changes.remove.map((p, i) => (
                <li key={`r${i}`}>remove {place(p)}</li>
              ))}
              {run.result.changes.add.length + run.result.changes.change.length + run.result.changes.remove.length === 0 && <li>change no membership</li>}
            </ul>
          </div>
        </>
      )}
    </div>
  );
}
