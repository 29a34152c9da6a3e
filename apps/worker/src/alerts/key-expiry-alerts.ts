import { createHash } from 'node:crypto';
import type { Queue } from 'bullmq';
import type { DataSource } from 'typeorm';
import { alertEventSchema, type AlertEvent } from '@sluice/contracts';

const EXPIRY_WINDOW_DAYS = 7;

interface ExpiringKeyRow {
  id: string;
  org_id: string;
  team_id: string | null;
  name: string;
  display_prefix: string;
  expires_at: Date;
}

/** A UUID derived from the dedupe key, so raising the same condition twice (or from two workers) adds one job. */
export function alertIdOf(dedupeKey: string): string {
  const hex = createHash('sha256').update(dedupeKey).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * Raises a `key_expiring` alert for every unrevoked API key that expires within 7 days, once per key
 * per UTC day (dedupeKey `key_expiring:key:<id>:<day>`). Returns how many alerts were raised.
 */
export async function raiseKeyExpiryAlerts(dataSource: DataSource, queue: Queue, now: Date = new Date()): Promise<number> {
  const rows = (await dataSource.query(
    `SELECT id, org_id, team_id, name, display_prefix, expires_at FROM api_keys
      WHERE revoked_at IS NULL AND expires_at > $1 AND expires_at <= $1 + make_interval(days => $2)`,
    [now, EXPIRY_WINDOW_DAYS],
  )) as ExpiringKeyRow[];
  const day = now.toISOString().slice(0, 10);
  for (const key of rows) {
    const dedupeKey = `key_expiring:key:${key.id}:${day}`;
    const hoursLeft = (key.expires_at.getTime() - now.getTime()) / 3_600_000;
    const alert: AlertEvent = alertEventSchema.parse({
      id: alertIdOf(dedupeKey),
      kind: 'key_expiring',
      orgId: key.org_id,
      scope: { type: 'key', id: key.id },
      dedupeKey,
      severity: hoursLeft <= 24 ? 'critical' : 'warning',
      summary: `API key "${key.name.slice(0, 200)}" (${key.display_prefix}…) expires at ${key.expires_at.toISOString()}`,
      details: { keyId: key.id, teamId: key.team_id, displayPrefix: key.display_prefix, expiresAt: key.expires_at.toISOString(), daysLeft: Math.floor(hoursLeft / 24) },
      occurredAt: now.toISOString(),
    });
    await queue.add(alert.kind, alert, { jobId: alert.id, removeOnComplete: 1000, removeOnFail: 1000 });
  }
  return rows.length;
}
