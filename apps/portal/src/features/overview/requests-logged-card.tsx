'use client';

import { StatCard } from '@sluice/ui';
import { useRequestStats } from './use-request-stats';

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** The walking skeleton's end: how many gateway requests the platform has logged. */
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
            Since <time dateTime={stats.since}>{dateFormat.format(new Date(stats.since))}</time> · updates every 3 s
          </>
        ) : (
          'No requests yet · updates every 3 s'
        ))
      }
    />
  );
}
