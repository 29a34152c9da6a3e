import type { Redis } from 'ioredis';
import { configChangedChannel, configChangedMessageSchema, configSnapshotSchema } from '@sluice/contracts';
import type { Logger } from '@sluice/observability';
import { subscribeWhenReady } from '@sluice/redis';
import { CompiledSnapshot } from './compiled-snapshot';
import type { SnapshotSource } from './snapshot-source';
import type { SnapshotStore } from './snapshot-store';

/**
 * Keeps the store current: loads at start, reloads when the admin API publishes a new version on
 * Redis, and polls the version slowly in case a message was missed (e.g. while Redis was away).
 */
export class SnapshotRefresher {
  private pollTimer: NodeJS.Timeout | null = null;
  private reloading: Promise<void> | null = null;
  private reloadAgain = false;

  constructor(
    private readonly source: SnapshotSource,
    private readonly store: SnapshotStore,
    /** Null for a standalone gateway without Redis: the file is polled only. */
    private readonly subscriber: Redis | null,
    private readonly queuePrefix: string,
    private readonly pollIntervalMs: number,
    private readonly logger: Logger,
    /** How long start() waits for the subscription (the gateway's REDIS_STARTUP_WAIT_MS). */
    private readonly subscribeWaitMs = 5000,
  ) {}

  async start(): Promise<void> {
    if (this.subscriber) await this.subscribe(this.subscriber);
    await this.reload('start');
    this.pollTimer = setInterval(() => void this.poll(), this.pollIntervalMs);
    this.pollTimer.unref();
  }

  /**
   * Waits for the subscription at most `subscribeWaitMs`: a gateway must also start (and serve from
   * its snapshot) while Redis is away; a change published before the subscription was confirmed would
   * otherwise wait for the poll. The subscription is made once the connection is ready (see
   * subscribeWhenReady) and renewed by ioredis after every reconnect; the poll covers what was missed
   * meanwhile.
   */
  private async subscribe(subscriber: Redis): Promise<void> {
    const channel = configChangedChannel(this.queuePrefix);
    subscriber.on('message', (received: string, message: string) => {
      if (received !== channel) return;
      const parsed = configChangedMessageSchema.safeParse(safeJson(message));
      if (!parsed.success) {
        this.logger.warn({ channel }, 'ignored malformed config-changed message');
        return;
      }
      if (parsed.data.version > this.store.current.version) {
        // Postgres may be unreachable right now: keep serving the current snapshot (the poll retries);
        // an unhandled rejection here would end the process.
        this.reload('published').catch((error: unknown) => this.logger.warn({ err: error, version: parsed.data.version }, 'config reload failed; serving the current snapshot'));
      }
    });
    const subscribed = subscribeWhenReady(subscriber, channel).then(
      () => true,
      (error: unknown) => {
        this.logger.warn({ err: error, channel }, 'config-changed subscription failed; relying on the poll');
        return true;
      },
    );
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), this.subscribeWaitMs)));
    const done = await Promise.race([subscribed, waited]);
    clearTimeout(timer);
    if (!done) this.logger.warn({ channel }, 'Redis not reachable at start: serving, and subscribing to config changes once it is');
  }

  /**
   * Loads and installs the latest snapshot. Concurrent triggers share one load, but a trigger that
   * arrives while a load is running makes it load once more afterwards: that load may have read the
   * database before the change the trigger announces, and nothing else would announce it again.
   */
  reload(reason: string): Promise<void> {
    if (this.reloading) {
      this.reloadAgain = true;
      return this.reloading;
    }
    this.reloading = (async () => {
      try {
        do {
          this.reloadAgain = false;
          await this.loadAndInstall(reason);
        } while (this.reloadAgain);
      } finally {
        this.reloading = null;
      }
    })();
    return this.reloading;
  }

  private async loadAndInstall(reason: string): Promise<void> {
    const snapshot = configSnapshotSchema.parse(await this.source.load());
    if (this.store.replace(new CompiledSnapshot(snapshot))) {
      this.logger.info({ version: snapshot.version, reason, keys: snapshot.keys.length, deployments: snapshot.deployments.length }, 'config snapshot installed');
    }
  }

  private async poll(): Promise<void> {
    try {
      const version = await this.source.version();
      if (version > this.store.current.version) await this.reload('poll');
    } catch (error) {
      this.logger.warn({ err: error }, 'config poll failed; serving the current snapshot');
    }
  }

  async stop(): Promise<void> {
    if (this.pollTimer) clearInterval(this.pollTimer);
    await this.source.close();
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
