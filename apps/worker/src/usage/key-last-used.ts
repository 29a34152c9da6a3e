import type { Pool } from 'pg';
import type { UsageEvent } from '@sluice/contracts';
import { isDatabaseUnavailable } from '@sluice/db';
import type { Logger } from '@sluice/observability';

/** How often the latest use of each key is written (the precision of "last used"). */
export const DEFAULT_LAST_USED_INTERVAL_MS = 10_000;

/**
 * Keeps `api_keys.last_used_at` current from the usage the worker ingests, so people can tell live keys
 * from forgotten ones. The latest use of each key is gathered in memory and written in one statement at
 * most every `intervalMs`: not per batch, where every transaction would queue on the row of a busy key.
 * A write that fails (Postgres away, a deadlock with another worker) is kept and tried again with the
 * next one; the column only moves forward.
 */
export class KeyLastUsedRecorder {
  private pending = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> | null = null;

  constructor(
    private readonly pool: Pool,
    private readonly logger: Logger,
    private readonly intervalMs = DEFAULT_LAST_USED_INTERVAL_MS,
  ) {}

  /** Notes the events of an ingested batch. */
  note(events: readonly UsageEvent[]): void {
    for (const event of events) {
      if (!event.apiKeyId) continue;
      const at = Date.parse(event.occurredAt);
      if (at > (this.pending.get(event.apiKeyId) ?? -Infinity)) this.pending.set(event.apiKeyId, at);
    }
    if (this.pending.size > 0 && !this.timer && !this.writing) {
      this.timer = setTimeout(() => void this.flush(), this.intervalMs);
      this.timer.unref();
    }
  }

  /** Writes what was noted so far (also called on shutdown). */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    while (this.writing) await this.writing;
    if (this.pending.size === 0) return;
    const batch = this.pending;
    this.pending = new Map();
    this.writing = this.write(batch).finally(() => {
      this.writing = null;
    });
    await this.writing;
    if (this.pending.size > 0 && !this.timer) {
      this.timer = setTimeout(() => void this.flush(), this.intervalMs);
      this.timer.unref();
    }
  }

  private async write(batch: Map<string, number>): Promise<void> {
    // Sorted ids: concurrent workers lock shared key rows in the same order.
    const ids = [...batch.keys()].sort();
    try {
      await this.pool.query(
        `UPDATE api_keys k SET last_used_at = u.at
           FROM unnest($1::uuid[], $2::timestamptz[]) AS u(id, at)
          WHERE k.id = u.id AND (k.last_used_at IS NULL OR k.last_used_at < u.at)`,
        [ids, ids.map((id) => new Date(batch.get(id) as number).toISOString())],
      );
    } catch (error) {
      for (const [id, at] of batch) if (at > (this.pending.get(id) ?? -Infinity)) this.pending.set(id, at);
      if (isDatabaseUnavailable(error)) this.logger.debug({ keys: batch.size }, 'Postgres unreachable; keys’ last use kept for the next write');
      else this.logger.warn({ err: error, keys: batch.size }, 'could not record when keys were last used; trying again with the next write');
    }
  }
}
