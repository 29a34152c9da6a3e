import type { AlertEvent } from '@sluice/contracts';
import type { Logger } from '@sluice/observability';
import type { AlertSink } from './alert-sink';

/** A standalone gateway without Redis has no worker to deliver alerts: they are written to the log (warn), once per dedupe key. */
export class LoggedAlerts implements AlertSink {
  private readonly raised = new Set<string>();

  constructor(private readonly logger: Logger) {}

  raise(event: AlertEvent): void {
    if (this.raised.has(event.dedupeKey)) return;
    this.raised.add(event.dedupeKey);
    this.logger.warn({ alert: event }, `alert: ${event.summary}`);
  }

  async close(): Promise<void> {}
}
