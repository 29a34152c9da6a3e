import { usageEventSchema, type UsageEvent } from '@sluice/contracts';
import type { Logger } from '@sluice/observability';
import type { UsageSink } from './usage-sink';

/**
 * A standalone gateway without Redis has no queue and no worker: each usage event is written as
 * one structured log line (`msg: "usage event"`, the event under `usage`) at info level, for a log
 * pipeline to collect. Nothing is stored or replayed; with LOG_LEVEL above info they are not kept.
 */
export class LoggedUsageEvents implements UsageSink {
  constructor(private readonly logger: Logger) {}

  publish(event: UsageEvent): void {
    if (process.env.NODE_ENV !== 'production') usageEventSchema.parse(event);
    this.logger.info({ usage: event }, 'usage event');
  }

  async connected(): Promise<boolean> {
    return true;
  }

  async close(): Promise<void> {}
}
