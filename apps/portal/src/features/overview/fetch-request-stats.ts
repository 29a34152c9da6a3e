import { problemDetailsSchema, requestStatsSchema, type RequestStats } from '@sluice/contracts';

export const REQUEST_STATS_PATH = '/api/v1/stats/requests';

/** A failure worded for the person looking at the page. */
export class StatsUnavailableError extends Error {
  override name = 'StatsUnavailableError';
}

/** Reads the request count through the portal's /api relay and checks it against the contract. */
export async function fetchRequestStats(signal?: AbortSignal): Promise<RequestStats> {
  let response: Response;
  try {
    response = await fetch(REQUEST_STATS_PATH, { cache: 'no-store', headers: { accept: 'application/json' }, signal });
  } catch (err) {
    if (signal?.aborted) throw err;
    throw new StatsUnavailableError('The portal server is not responding. Check your connection and that the portal is running.');
  }
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const problem = problemDetailsSchema.safeParse(body);
    const detail = problem.success ? (problem.data.detail ?? problem.data.title) : `HTTP ${response.status}`;
    throw new StatsUnavailableError(detail);
  }
  const stats = requestStatsSchema.safeParse(body);
  if (!stats.success) throw new StatsUnavailableError('The admin API answered in an unexpected format. Check that the portal and admin API versions match.');
  return stats.data;
}
