import type { DataSource } from 'typeorm';
import { ensureRequestLogPartitions } from '@sluice/db';
import type { Logger } from '@sluice/observability';

export interface PartitionMaintainerOptions {
  /** Partitions are kept for today and this many days ahead. */
  daysAhead: number;
  intervalMs: number;
  /** Clock, for tests. */
  now?: () => Date;
}

export interface PartitionMaintainer {
  /** Runs one pass now; returns the partitions it created. */
  runOnce(): Promise<string[]>;
  stop(): void;
}

/**
 * Keeps request_logs daily partitions ahead of time so events land in their day's partition, not
 * the DEFAULT one. Runs once before resolving and then every `intervalMs` (idempotent, advisory-locked,
 * safe with many workers). A failed pass is logged and retried at the next interval.
 */
export async function startPartitionMaintainer(dataSource: DataSource, logger: Logger, options: PartitionMaintainerOptions): Promise<PartitionMaintainer> {
  const now = options.now ?? (() => new Date());
  let running: Promise<string[]> | null = null;
  const runOnce = (): Promise<string[]> => {
    running ??= ensureRequestLogPartitions(dataSource, now(), options.daysAhead + 1)
      .then((created) => {
        if (created.length > 0) logger.info({ created }, 'request_logs partitions created');
        return created;
      })
      .finally(() => {
        running = null;
      });
    return running;
  };
  await runOnce();
  const timer = setInterval(() => {
    runOnce().catch((error: unknown) => logger.error({ err: error }, 'request_logs partition maintenance failed'));
  }, options.intervalMs);
  timer.unref();
  return { runOnce, stop: () => clearInterval(timer) };
}
