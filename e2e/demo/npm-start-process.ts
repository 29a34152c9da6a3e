import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { resolve } from 'node:path';

export const ROOT = resolve(__dirname, '..', '..');

/** Where the demo journey runs `npm start`: the defaults + 20000, clear of a running `npm start` and of the e2e stack. */
export const DEMO_PORTS = { gateway: 24000, adminApi: 24100, worker: 24200, mockProvider: 24300, portal: 23000 } as const;
export const DEMO_PGLITE_PORT = 25433;

export interface NpmStartOptions {
  stateDir: string;
  queuePrefix: string;
  redisUrl: string;
  /** Appended to, across starts: what `npm start` printed. */
  logFile: string;
  /** Set after the demo's own variables (to provoke a bad start). */
  env?: NodeJS.ProcessEnv;
}

/**
 * `npm start` (scripts/start.mjs, as `npm start` runs it) in a child process of its own group, the way a
 * user runs it in a terminal: the demo's ports and state directory moved by its documented variables,
 * no DATABASE_URL (so the embedded PGlite), output captured.
 */
export class NpmStartProcess {
  private readonly child: ChildProcess;
  private readonly log: WriteStream;
  private printed = '';
  private closed = false;
  private readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(options: NpmStartOptions) {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      GATEWAY_PORT: String(DEMO_PORTS.gateway),
      ADMIN_API_PORT: String(DEMO_PORTS.adminApi),
      WORKER_HEALTH_PORT: String(DEMO_PORTS.worker),
      MOCK_PROVIDER_PORT: String(DEMO_PORTS.mockProvider),
      PORTAL_PORT: String(DEMO_PORTS.portal),
      PGLITE_PORT: String(DEMO_PGLITE_PORT),
      SLUICE_STATE_DIR: options.stateDir,
      QUEUE_PREFIX: options.queuePrefix,
      REDIS_URL: options.redisUrl,
      NO_COLOR: '1',
      ...options.env,
    };
    for (const name of ['DATABASE_URL', 'SLUICE_ADMIN_EMAIL', 'SLUICE_ADMIN_PASSWORD', 'SLUICE_DEMO_API_KEY', 'EXPORTS_DIR', 'USAGE_SPOOL_DIR', 'NODE_ENV', 'FORCE_COLOR']) delete env[name];
    this.log = createWriteStream(options.logFile, { flags: 'a' });
    this.child = spawn(process.execPath, [resolve(ROOT, 'scripts', 'start.mjs')], { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const collect = (chunk: Buffer) => {
      this.printed += chunk.toString('utf8');
      this.log.write(chunk);
    };
    this.child.stdout!.on('data', collect);
    this.child.stderr!.on('data', collect);
    // 'close', not 'exit': only then has everything the process printed been read.
    this.exited = new Promise((done) =>
      this.child.once('close', (code, signal) => {
        this.closed = true;
        done({ code, signal });
      }),
    );
  }

  output(): string {
    return this.printed;
  }

  get running(): boolean {
    return !this.closed;
  }

  /** Resolves when the output matches; rejects when the process exits first or the time is up. */
  async waitForOutput(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const match = pattern.exec(this.printed);
      if (match) return match;
      if (!this.running) throw new Error(`npm start exited (code ${this.child.exitCode}, signal ${this.child.signalCode}) before printing ${pattern}; it printed:\n${this.tail()}`);
      if (Date.now() > deadline) throw new Error(`npm start did not print ${pattern} within ${timeoutMs / 1000} s; it printed:\n${this.tail()}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  /** Sends the signal (SIGINT is Ctrl-C) and waits for the exit. */
  async stop(signal: NodeJS.Signals, timeoutMs: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (this.running) this.child.kill(signal);
    const timeout = new Promise<never>((_, fail) => setTimeout(() => fail(new Error(`npm start did not exit within ${timeoutMs / 1000} s of ${signal}; it printed:\n${this.tail()}`)), timeoutMs).unref());
    const result = await Promise.race([this.exited, timeout]);
    await new Promise<void>((done) => this.log.end(done));
    return result;
  }

  /** Last resort after a failed journey: the whole process group, services included. */
  kill(): void {
    try {
      if (this.child.pid) process.kill(-this.child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }

  private tail(): string {
    return this.printed.split('\n').slice(-40).join('\n');
  }
}
