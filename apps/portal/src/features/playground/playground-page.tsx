'use client';

import { useMemo, useState } from 'react';
import Link from 'next/link';
import { cx, EmptyState, ErrorState, focusRing, SelectField, Skeleton } from '@sluice/ui';
import { apiRequest } from '../../api/api-client';
import { useApiQuery } from '../../api/use-api-query';
import { formatDateTime } from '../../format/dates';
import { modelPageSchema } from '../models/model-schemas';
import { useTeamChoices } from '../teams/use-team-choices';
import { useSession } from '../../session/session-context';
import { PageHeader } from '../../shell/page-header';
import { PlaygroundChat } from './playground-chat';
import { portalChatSender, startPlaygroundSession } from './playground-client';
import type { PlaygroundSession } from './playground-schemas';
import type { ModelPricing } from './reply-cost';

/** Catalog prices of up to the first 200 models by name: enough for the playground's cost line. */
async function loadPricing(signal: AbortSignal): Promise<Record<string, ModelPricing>> {
  const page = await apiRequest('/api/v1/models', { query: { limit: 200 }, schema: modelPageSchema, signal });
  return Object.fromEntries(
    page.items.map((m) => [
      m.name,
      {
        inputPricePer1M: m.inputPricePer1M,
        outputPricePer1M: m.outputPricePer1M,
        cachedInputPricePer1M: m.cachedInputPricePer1M,
        cacheWritePricePer1M: m.cacheWritePricePer1M,
        cacheWrite1hPricePer1M: m.cacheWrite1hPricePer1M,
        longContext: m.longContext,
      },
    ]),
  );
}

/**
 * The playground: chat with a model the user's team may use. The portal mints (or reuses) a
 * short-lived gateway key for the user and calls the gateway with it; the browser never sees it.
 */
export function PlaygroundPage() {
  const session = useSession();
  const credentials = useMemo(() => ({ csrfToken: session.me.csrfToken, orgId: session.activeOrg?.id ?? null }), [session]);
  // Only teams where the user's role may use the playground: a viewer of a team may not bill calls to it.
  const ownTeams = session.teamsWhere('playground:use');
  const [teamId, setTeamId] = useState<string | undefined>(ownTeams[0]?.id);
  // Owners and admins may use any team of the organization, member or not (the admin API allows it, as for keys).
  const teams = useTeamChoices('api-keys:manage-any', 'playground:use');
  const teamChoices = teams.state.status === 'ready' ? teams.state.data : ownTeams;
  const playground = useApiQuery<{ session: PlaygroundSession; pricing: Record<string, ModelPricing> }>(`playground:${teamId ?? ''}`, async (signal) => {
    const [started, pricing] = await Promise.all([startPlaygroundSession(credentials, teamId, signal), loadPricing(signal)]);
    return { session: started, pricing };
  });
  const send = useMemo(() => {
    const sender = portalChatSender(credentials);
    return (request: Parameters<typeof sender>[0], signal: AbortSignal) => sender({ ...request, ...(teamId ? { teamId } : {}) }, signal);
  }, [credentials, teamId]);
  const { state } = playground;

  return (
    <>
      <PageHeader
        title="Playground"
        description={
          state.status === 'ready'
            ? `Calls go through the gateway as team ${state.data.session.teamName}, with a key that expires ${formatDateTime(state.data.session.expiresAt)}. Cost is at catalog prices.`
            : 'Try models through the gateway with a short-lived key of your team.'
        }
        actions={
          teamChoices.length > 1 && (
            <SelectField
              label="Team"
              value={teamId ?? (state.status === 'ready' ? state.data.session.teamId : '')}
              onChange={(e) => setTeamId(e.currentTarget.value)}
              options={teamChoices.map((t) => ({ value: t.id, label: t.name }))}
            />
          )
        }
      />
      {state.status === 'loading' && (
        <div className="grid gap-6 lg:grid-cols-[18rem_1fr]" aria-busy="true" aria-label="Loading the playground">
          <Skeleton className="h-80 w-full" />
          <Skeleton className="h-[28rem] w-full" />
        </div>
      )}
      {state.status === 'error' && <ErrorState title="Can’t start the playground" description={state.message} onRetry={playground.reload} />}
      {state.status === 'ready' &&
        (state.data.session.models.length === 0 ? (
          <EmptyState
            title="Your team has no models yet"
            description="The playground offers the models your team may use."
            action={
              <Link href="/models" className={cx('text-sm font-medium text-accent hover:underline', focusRing)}>
                Request access to a model
              </Link>
            }
          />
        ) : (
          <PlaygroundChat key={state.data.session.teamId} models={state.data.session.models} pricing={state.data.pricing} send={send} />
        ))}
    </>
  );
}
