import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { QueueName, type AlertEvent } from '@sluice/contracts';
import type { Logger } from '@sluice/observability';
import type { AlertSink } from './alert-sink';

/**
 * Enqueues alert events for the worker to deliver. The job id is the alert id, derived from the
 * dedupe key, so the same alert raised twice (two gateways, a retry) is one job while it exists;
 * the worker delivers each dedupe key at most once after that.
 */
export class AlertQueue implements AlertSink {
  private readonly queue: Queue<AlertEvent>;

  constructor(connection: Redis, prefix: string, private readonly logger: Logger) {
    this.queue = new Queue<AlertEvent>(QueueName.Alerts, { connection, prefix });
    this.queue.on('error', (error: Error) => logger.debug({ err: error }, 'alerts queue error'));
  }

  raise(event: AlertEvent): void {
    this.queue
      .add(event.kind, event, { jobId: event.id, removeOnComplete: 10_000, removeOnFail: false, attempts: 5, backoff: { type: 'exponential', delay: 1000 } })
      .catch((error: unknown) => this.logger.warn({ err: error, dedupeKey: event.dedupeKey }, 'alert not queued'));
  }

  async close(): Promise<void> {
    await this.queue.close().catch(() => undefined);
  }
}
