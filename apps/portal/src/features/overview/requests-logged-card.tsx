'use client';

import { StatCard } from '@sluice/ui';
import { useRequestStats } from './use-request-stats';

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/**
 * The walking skeleton's end: how many gateway requests the platform has logged, for the whole
 * organization whoever looks (the dashboard below is scoped to what the viewer may see, so the card says so).
 */
export function RequestsLoggedCard() {
  const { state, refresh } = useRequestStats();

  if (state.status === 'error') {
    return (
      <StatCard
        label="Requests logged"
        error={{
          message: (
            <>
              <span className="font-medium">Can’t load request statistics.</span> {state.message}
            </>
          ),
          onRetry: refresh,
        }}
      />
    );
  }

  const stats = state.status === 'ready' ? state.stats : undefined;
  return (
    <StatCard
      label="Requests logged"
      loading={!stats}
      value={stats?.totalRequests}
      valueTestId="requests-logged"
      footnote={
        stats &&
        (stats.since ? (
          <>
            Whole organization, since <time dateTime={stats.since}>{dateFormat.format(new Date(stats.since))}</time> · updates every 3 s
          </>
        ) : (
          'Whole organization: no requests yet · updates every 3 s'
        ))
      }
    />
  );
}
