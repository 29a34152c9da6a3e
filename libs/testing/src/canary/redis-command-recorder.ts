import { Redis } from 'ioredis';

/**
 * Records every Redis command (via MONITOR) that names `prefix` in one of its arguments: what the
 * services wrote, even if it was deleted before the end of the test (finished BullMQ jobs, expired
 * entries). Lua-internal commands are included (MONITOR reports them too).
 */
export class RedisCommandRecorder {
  private readonly lines: string[] = [];
  private constructor(private readonly monitor: Redis) {}

  static async start(url: string, prefix: string): Promise<RedisCommandRecorder> {
    const client = new Redis(url, { maxRetriesPerRequest: 1 });
    const monitor = await client.monitor();
    const recorder = new RedisCommandRecorder(monitor);
    monitor.on('monitor', (_time: string, args: string[]) => {
      if (args.some((a) => typeof a === 'string' && a.includes(prefix))) recorder.lines.push(args.join(' '));
    });
    client.disconnect();
    return recorder;
  }

  /** Commands recorded so far, one per line. */
  text(): string {
    return this.lines.join('\n');
  }

  get count(): number {
    return this.lines.length;
  }

  async stop(): Promise<void> {
    this.monitor.disconnect();
  }
}
