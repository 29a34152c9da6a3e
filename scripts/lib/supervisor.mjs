// Runs long-lived child processes with prefixed log lines and stops them cleanly
// (SIGTERM, then SIGKILL after a grace period).
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

const COLORS = [36, 35, 33, 32, 34, 96, 95, 93];
const LEVELS = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
const HIDDEN_KEYS = new Set(['level', 'time', 'pid', 'hostname', 'msg', 'service', 'v']);

/** Turns a pino JSON line into `LEVEL msg key=value …`; other lines pass through unchanged. */
export function formatLogLine(line) {
  if (!line.startsWith('{')) return line;
  try {
    const entry = JSON.parse(line);
    if (typeof entry !== 'object' || entry === null || !('msg' in entry || 'level' in entry)) return line;
    const level = LEVELS[entry.level] ?? String(entry.level ?? '').toUpperCase();
    const rest = Object.entries(entry)
      .filter(([k]) => !HIDDEN_KEYS.has(k))
      .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
      .join(' ');
    return [level.padEnd(5), entry.msg ?? '', rest].filter(Boolean).join(' ');
  } catch {
    return line;
  }
}

export class Supervisor {
  /**
   * @param {{ output?: NodeJS.WritableStream, color?: boolean, pretty?: boolean,
   *           onUnexpectedExit?: (name: string, code: number | null, signal: string | null) => void }} [opts]
   */
  constructor({ output = process.stdout, color = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR, pretty = true, onUnexpectedExit } = {}) {
    this.output = output;
    this.color = color;
    this.pretty = pretty;
    this.onUnexpectedExit = onUnexpectedExit;
    /** @type {Map<string, { child: import('node:child_process').ChildProcess, exited: Promise<void>, exit: null | { code: number | null, signal: string | null } }>} */
    this.procs = new Map();
    this.stopping = false;
    this.width = 16;
  }

  /** Writes one line with the `name` prefix. */
  log(name, line) {
    const label = `[${name}]`.padEnd(this.width);
    const colored = this.color ? `\x1b[${this.colorOf(name)}m${label}\x1b[0m` : label;
    this.output.write(`${colored} ${line}\n`);
  }

  colorOf(name) {
    let h = 0;
    for (const ch of name) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
    return COLORS[h % COLORS.length];
  }

  /**
   * Starts `command args` and pipes its output, line by line, through log().
   * @param {{ name: string, command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv }} def
   */
  start({ name, command, args, cwd, env }) {
    if (this.procs.has(name)) throw new Error(`${name} is already running`);
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const record = { child, exit: null, exited: null };
    record.exited = new Promise((resolvePromise) => {
      child.on('error', (err) => {
        this.log(name, `failed to start: ${err.message}`);
        record.exit = { code: null, signal: null };
        resolvePromise();
      });
      child.on('exit', (code, signal) => {
        record.exit = { code, signal };
        if (!this.stopping) {
          this.log(name, `exited unexpectedly (${signal ? `signal ${signal}` : `exit code ${code}`})`);
          this.onUnexpectedExit?.(name, code, signal);
        }
        resolvePromise();
      });
    });
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream }).on('line', (line) => this.log(name, this.pretty ? formatLogLine(line) : line));
    }
    this.procs.set(name, record);
    return child;
  }

  /** Why `name` can no longer become ready, or null while it is running. */
  failure(name) {
    const record = this.procs.get(name);
    if (!record) return 'not started';
    if (!record.exit) return null;
    const { code, signal } = record.exit;
    return `process exited (${signal ? `signal ${signal}` : `exit code ${code}`}); see its log lines above`;
  }

  /** SIGTERM to every child (newest first), SIGKILL to those still alive after `graceMs`. */
  async stopAll({ graceMs = 10_000 } = {}) {
    this.stopping = true;
    const records = [...this.procs.entries()].reverse();
    await Promise.all(
      records.map(async ([name, record]) => {
        if (record.exit) return;
        record.child.kill('SIGTERM');
        const timer = setTimeout(() => {
          if (!record.exit) {
            this.log(name, `still running after ${graceMs} ms: SIGKILL`);
            record.child.kill('SIGKILL');
          }
        }, graceMs);
        await record.exited;
        clearTimeout(timer);
      }),
    );
    this.procs.clear();
  }
}
