import { Redis } from 'ioredis';

/** Commands kept per connection until it shows itself as one of ours (by naming the prefix). */
const EARLY_COMMANDS_PER_CONNECTION = 50;

/**
 * Records, via MONITOR, what the services under test sent to Redis, even if it was deleted before
 * the end of the test (finished BullMQ jobs, expired entries): every command that names `prefix`,
 * and every other command of a connection that named it at least once (so a key written outside the
 * prefix by one of our services is caught too; its first commands before that are kept as well).
 * Lua-internal commands are included when they name the prefix.
 */
export class RedisCommandRecorder {
  private readonly lines: string[] = [];
  private readonly ours = new Set<string>();
  private readonly early = new Map<string, string[]>();
  private constructor(private readonly monitor: Redis) {}

  static async start(url: string, prefix: string): Promise<RedisCommandRecorder> {
    const client = new Redis(url, { maxRetriesPerRequest: 1 });
    const monitor = await client.monitor();
    const recorder = new RedisCommandRecorder(monitor);
    monitor.on('monitor', (_time: string, args: string[], source: string) => recorder.observe(args.join(' '), source, args.some((a) => typeof a === 'string' && a.includes(prefix))));
    client.disconnect();
    return recorder;
  }

  private observe(line: string, source: string, namesPrefix: boolean): void {
    if (source === 'lua') {
      if (namesPrefix) this.lines.push(line);
      return;
    }
    if (namesPrefix && !this.ours.has(source)) {
      this.ours.add(source);
      this.lines.push(...(this.early.get(source) ?? []));
      this.early.delete(source);
    }
    if (this.ours.has(source)) {
      this.lines.push(line);
      return;
    }
    const kept = this.early.get(source) ?? [];
    if (kept.length < EARLY_COMMANDS_PER_CONNECTION) this.early.set(source, [...kept, line]);
  }

  /** Commands recorded so far, one per line. */
  text(): string {
    return this.lines.join('\n');
  }

  get count(): number {
    return this.lines.length;
  }

  /** Connections that named the prefix (the services' Redis clients). */
  get connections(): number {
    return this.ours.size;
  }

  async stop(): Promise<void> {
    this.monitor.disconnect();
  }
}
