import type { UsageEventBatch } from '@sluice/contracts';
import type { Logger } from '@sluice/observability';
import type { UsageSpool } from './usage-spool';

export interface BatchSender {
  readonly available: boolean;
  enqueue(batch: UsageEventBatch): Promise<void>;
}

/** Re-sends spooled batches, oldest first, whenever the queue is reachable: at start and every `intervalMs`. */
export class UsageSpoolReplayer {
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private running: Promise<void> | null = null;

  constructor(private readonly spool: UsageSpool, private readonly sender: BatchSender, private readonly intervalMs: number, private readonly logger: Logger) {}

  start(): void {
    this.stopped = false;
    this.timer = setInterval(() => void this.runOnce(), this.intervalMs);
    this.timer.unref();
    void this.runOnce();
  }

  /** One pass; a pass already running is shared. */
  runOnce(): Promise<void> {
    if (this.stopped || this.spool.isEmpty || !this.sender.available) return Promise.resolve();
    this.running ??= this.pass().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** Stops the loop and waits for the current pass to end (it stops between two batches). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  private async pass(): Promise<void> {
    try {
      const result = await this.spool.replay((batch) => this.sender.enqueue(batch), () => this.stopped);
      if (result.replayed > 0 || result.error) {
        const { batches, bytes } = this.spool.stats;
        this.logger.info({ replayed: result.replayed, remainingBatches: batches, remainingBytes: bytes, err: result.error }, 'usage spool replay pass');
      }
    } catch (error) {
      this.logger.error({ err: error }, 'usage spool replay failed; will retry');
    }
  }
}
