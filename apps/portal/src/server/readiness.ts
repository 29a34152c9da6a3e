import type { HealthStatus } from '@sluice/contracts';

/** Ready when the admin API, which every portal page depends on, reports itself ready. */
export async function checkReadiness(adminApiUrl: string, timeoutMs = 2_000, fetchImpl: typeof fetch = fetch): Promise<HealthStatus> {
  const url = new URL(`${new URL(adminApiUrl).pathname.replace(/\/+$/, '')}/health/ready`, adminApiUrl);
  const adminApi = await fetchImpl(url, { signal: AbortSignal.timeout(timeoutMs), cache: 'no-store' }).then(
    (res) => (res.ok ? 'up' : 'down') as 'up' | 'down',
    () => 'down' as const,
  );
  return { status: adminApi === 'up' ? 'ok' : 'error', checks: { adminApi } };
}
