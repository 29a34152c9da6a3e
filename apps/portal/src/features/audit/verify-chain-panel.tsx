'use client';

import { useState } from 'react';
import { Button } from '@sluice/ui';
import { apiRequest } from '../../api/api-client';
import { formatDateTime } from '../../format/dates';
import { chainVerificationSchema, type ChainVerification } from './audit-schemas';

/** Re-walks the organization's hash chain on the server and says whether any event was edited, removed or reordered. */
export function VerifyChainPanel() {
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ChainVerification | null>(null);
  const [error, setError] = useState<string | null>(null);

  const verify = async () => {
    setBusy(true);
    setError(null);
    try {
      setResult(await apiRequest('/api/v1/audit/verify', { schema: chainVerificationSchema }));
    } catch (err) {
      setResult(null);
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="verify-heading" className="flex flex-wrap items-center justify-between gap-4 rounded-xl border border-border bg-surface p-5">
      <div className="flex max-w-prose flex-col gap-1">
        <h2 id="verify-heading" className="text-base font-semibold text-fg">
          Chain integrity
        </h2>
        <div role="status" aria-live="polite" className="text-sm" data-testid="chain-verification">
          {!result && !error && <p className="text-fg-muted">Every event carries the hash of the one before it. Verify to re-check the whole chain.</p>}
          {result?.ok === true && (
            <p className="text-success">
              Verified: all {result.count} events are intact{result.lastSeq !== null ? ` (last #${result.lastSeq})` : ''}.
              {result.retention &&
                ` Older events were exported and purged by audit retention on ${formatDateTime(result.retention.purgedAt)}; the chain is checked from event #${result.retention.keptSeq}, whose hash the purge recorded.`}
            </p>
          )}
          {result?.ok === false && (
            <p className="text-danger">
              Broken at event #{result.firstBrokenSeq} ({result.reason}): {result.detail}. {result.count} events before it verified. Report this to your security team.
            </p>
          )}
          {error && <p className="text-danger">Verification could not run: {error}</p>}
        </div>
      </div>
      <Button variant="secondary" onClick={verify} loading={busy}>
        Verify chain
      </Button>
    </section>
  );
}
