import { connect, type Socket } from 'node:net';

/** Commands kept per connection until it shows itself as one of ours (by naming the prefix). */
const EARLY_COMMANDS_PER_CONNECTION = 50;
const MONITOR_LINE = /^\+\S+ \[\d+ ([^\]]+)\] (.*)$/;
const QUOTED = /"((?:[^"\\]|\\.)*)"/g;
const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', a: '\x07', b: '\b', '"': '"', '\\': '\\' };

/** One argument of a MONITOR line, as Redis escaped it (sdscatrepr), back to its bytes (latin1) and then text. */
function unescape(arg: string): string {
  const latin1 = arg.replace(/\\(x[0-9a-fA-F]{2}|.)/g, (_m, e: string) => (e.length === 3 ? String.fromCharCode(parseInt(e.slice(1), 16)) : (ESCAPES[e] ?? e)));
  return Buffer.from(latin1, 'latin1').toString('utf8');
}

/**
 * Records, via MONITOR (on a plain socket: the protocol is one status line per command), what the
 * services under test sent to Redis, even if it was deleted before the end of the test (finished
 * BullMQ jobs, expired entries): every command that names `prefix`, and every other command of a
 * connection that named it at least once (so a key written outside the prefix by one of our services
 * is caught too; the connection's first commands before that are kept as well). Lua-internal
 * commands are included when they name the prefix.
 */
export class RedisCommandRecorder {
  private readonly lines: string[] = [];
  private readonly ours = new Set<string>();
  private readonly early = new Map<string, string[]>();
  private buffered = '';
  private constructor(private readonly socket: Socket, private readonly prefix: string) {}

  static async start(url: string, prefix: string): Promise<RedisCommandRecorder> {
    const { hostname, port } = new URL(url);
    const socket = connect({ host: hostname || '127.0.0.1', port: Number(port || 6379) });
    const recorder = new RedisCommandRecorder(socket, prefix);
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.once('connect', () => {
        socket.off('error', reject);
        resolve();
      });
    });
    socket.on('error', () => undefined);
    socket.setEncoding('latin1');
    await new Promise<void>((resolve, reject) => {
      const first = (chunk: string) => {
        recorder.buffered += chunk;
        const end = recorder.buffered.indexOf('\r\n');
        if (end === -1) return;
        const reply = recorder.buffered.slice(0, end);
        recorder.buffered = recorder.buffered.slice(end + 2);
        socket.off('data', first);
        if (reply !== '+OK') return reject(new Error(`MONITOR refused: ${reply}`));
        socket.on('data', (c: string) => recorder.receive(c));
        recorder.receive('');
        resolve();
      };
      socket.on('data', first);
      socket.write('MONITOR\r\n');
    });
    return recorder;
  }

  private receive(chunk: string): void {
    this.buffered += chunk;
    let end: number;
    while ((end = this.buffered.indexOf('\r\n')) !== -1) {
      const raw = this.buffered.slice(0, end);
      this.buffered = this.buffered.slice(end + 2);
      const match = MONITOR_LINE.exec(raw);
      if (!match) continue;
      const args = [...match[2].matchAll(QUOTED)].map((m) => unescape(m[1]));
      this.observe(args.join(' '), match[1], args.some((a) => a.includes(this.prefix)));
    }
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
    this.socket.destroy();
  }
}
