import type { AdminApiHarness, SignedIn } from '../testing/admin-api-harness';

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/** `call(who, method, url, body?)` through app.inject with the caller's cookie and CSRF token (tests only). */
export function callerFor(h: AdminApiHarness) {
  return (who: SignedIn, method: Method, url: string, payload?: unknown) =>
    h.app.inject({ method, url, headers: { cookie: who.cookie, 'x-csrf-token': who.csrfToken }, ...(payload !== undefined ? { payload: payload as object } : {}) });
}

/** Audit actions written for one target, oldest first. */
export async function auditActionsOf(h: AdminApiHarness, targetId: string): Promise<string[]> {
  const rows = (await h.dataSource.query('SELECT action FROM audit_events WHERE target_id = $1 ORDER BY seq', [targetId])) as Array<{ action: string }>;
  return rows.map((r) => r.action);
}
