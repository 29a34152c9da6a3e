import type { UsageEvent } from '@sluice/contracts';

/**
 * Takes the usage event of every request, off the request path (`publish` never waits or throws
 * for delivery). With Redis: `UsageEventPublisher` (BullMQ, spool, replay); a standalone gateway
 * without Redis: `LoggedUsageEvents`.
 */
export abstract class UsageSink {
  abstract publish(event: UsageEvent): void;
  /** Resolves true once events can be delivered (the queue's connection is ready), false after `timeoutMs`. */
  abstract connected(timeoutMs: number): Promise<boolean>;
  /** Flushes what is pending; called once on shutdown. */
  abstract close(): Promise<void>;
}
