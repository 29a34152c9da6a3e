import { randomUUID } from 'node:crypto';
import { usageEventSchema, type UsageEvent, type UsageEventBatch } from '@sluice/contracts';
import type { Logger } from '@sluice/observability';
import type { UsageSpool } from './usage-spool';
import { UsageSpoolReplayer, type BatchSender } from './usage-spool-replayer';
import type { UsageSink } from './usage-sink';

export interface UsageEventPublisherOptions {
  batchSize: number;
  flushIntervalMs: number;
  /** Events kept in memory while neither Redis nor the spool takes them; beyond it the oldest are dropped and logged. */
  maxBuffered?: number;
  /** How often spooled batches are retried while Redis is back. Default 1000 ms. */
  replayIntervalMs?: number;
}

export interface UsageBatchSink extends BatchSender {
  /** Resolves true once the sink's connection is ready, false after `timeoutMs`; absent: always ready. */
  connected?(timeoutMs: number): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * Collects usage events off the request path and sends them in batches: to BullMQ when Redis
 * acknowledges in time, otherwise to the on-disk spool, from which a background loop replays them
 * oldest first once Redis is back. `publish` never waits. The batch id is the job id from the first
 * attempt on, so a batch that reached Redis despite a timeout is not ingested twice.
 */
export class UsageEventPublisher implements UsageSink {
  private buffer: UsageEvent[] = [];
  /** Batches neither Redis nor the disk took (disk error); retried first, with the same batch id. */
  private stranded: UsageEventBatch[] = [];
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> | null = null;
  private degraded = false;
  private closed = false;
  private readonly maxBuffered: number;
  private readonly replayer: UsageSpoolReplayer;

  constructor(private readonly sink: UsageBatchSink, private readonly spool: UsageSpool, private readonly options: UsageEventPublisherOptions, private readonly logger: Logger) {
    this.maxBuffered = options.maxBuffered ?? 100_000;
    this.replayer = new UsageSpoolReplayer(spool, sink, options.replayIntervalMs ?? 1000, logger);
  }

  /** Starts replaying what an earlier run (or an outage) left in the spool. */
  start(): void {
    this.replayer.start();
  }

  publish(event: UsageEvent): void {
    if (process.env.NODE_ENV !== 'production') usageEventSchema.parse(event);
    if (this.closed) {
      this.logger.error({ eventId: event.eventId, requestId: event.requestId }, 'usage event published after shutdown; dropped');
      return;
    }
    this.buffer.push(event);
    if (this.buffer.length >= this.options.batchSize) void this.flush();
    else this.schedule();
  }

  /** Events in memory (not yet acknowledged by Redis nor written to the spool). */
  get pending(): number {
    return this.buffer.length + this.stranded.reduce((sum, batch) => sum + batch.events.length, 0);
  }

  /** Batches waiting in the on-disk spool (read by the metrics endpoint). */
  get spoolStats(): { batches: number; bytes: number } {
    return this.spool.stats;
  }

  /** Sends everything buffered; concurrent callers share one in-flight flush. */
  async flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    this.flushing ??= this.sendAll().finally(() => {
      this.flushing = null;
      if (this.pending > 0) this.schedule();
    });
    return this.flushing;
  }

  /** After the HTTP server drained: stop replaying, send or spool every buffered event, release the spool. */
  connected(timeoutMs: number): Promise<boolean> {
    return this.sink.connected?.(timeoutMs) ?? Promise.resolve(true);
  }

  async close(): Promise<void> {
    await this.replayer.stop();
    await this.flush();
    if (this.pending > 0) await this.flush();
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.pending > 0) this.logger.error({ lostEvents: this.pending }, 'usage events could be neither enqueued nor spooled before exit; lost');
    await this.sink.close();
    await this.spool.close();
  }

  private schedule(): void {
    if (!this.closed) this.timer ??= setTimeout(() => void this.flush(), this.options.flushIntervalMs);
  }

  private async sendAll(): Promise<void> {
    while (this.stranded.length > 0 || this.buffer.length > 0) {
      const batch = this.stranded.shift() ?? { batchId: randomUUID(), events: this.buffer.splice(0, this.options.batchSize) };
      if (!(await this.deliver(batch))) {
        this.stranded.unshift(batch);
        this.trimOverflow();
        return;
      }
    }
  }

  /** True once Redis acknowledged the batch or the spool stored it (or, full, dropped and logged it). */
  private async deliver(batch: UsageEventBatch): Promise<boolean> {
    try {
      await this.sink.enqueue(batch);
      if (this.degraded) this.logger.info({ spooledBatches: this.spool.stats.batches }, 'usage events reach Redis again; replaying the spool');
      this.degraded = false;
      return true;
    } catch (error) {
      if (!this.degraded) this.logger.warn({ err: error, dir: this.spool.dir }, 'usage events cannot reach Redis; spooling them to disk');
      this.degraded = true;
    }
    try {
      await this.spool.append(batch);
      return true;
    } catch (error) {
      this.logger.error({ err: error, batchId: batch.batchId, pending: this.pending + batch.events.length }, 'usage batch could not be spooled; kept in memory');
      return false;
    }
  }

  private trimOverflow(): void {
    let overflow = this.pending - this.maxBuffered;
    if (overflow <= 0) return;
    let dropped = 0;
    while (overflow > 0 && this.stranded.length > 0) {
      const oldest = this.stranded.shift() as UsageEventBatch;
      overflow -= oldest.events.length;
      dropped += oldest.events.length;
    }
    if (overflow > 0) {
      this.buffer.splice(0, overflow);
      dropped += overflow;
    }
    this.logger.error({ droppedEvents: dropped, maxBuffered: this.maxBuffered }, 'usage event buffer full; oldest events dropped');
  }
}
