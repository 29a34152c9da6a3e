import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { freePort, waitFor } from '@sluice/testing';

export { freePort };

/** Polls `url` until it answers 2xx (or throws after `timeoutMs`). */
export async function waitForHttp(url, timeoutMs = 30_000, init = {}) {
  let last;
  try {
    await waitFor(
      async () => {
        try {
          const res = await fetch(url, init);
          await res.arrayBuffer();
          last = `HTTP ${res.status}`;
          return res.ok;
        } catch (error) {
          last = error.message;
          return false;
        }
      },
      { timeoutMs, intervalMs: 100, what: url },
    );
  } catch {
    throw new Error(`${url} not ready after ${timeoutMs} ms (${last})`);
  }
}

/**
 * Starts a Node service (`node <script> ...args`) with `env`, keeps the tail of its output (logs go
 * to stdout, crashes to stderr) for errors, and returns a handle that samples CPU and memory from /proc.
 */
export function startNodeService(name, script, { env = {}, args = [], nodeArgs = [], onStdout = null } = {}) {
  const child = spawn(process.execPath, [...nodeArgs, script, ...args], {
    env: { ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk) => {
    output = (output + chunk.toString()).slice(-8000);
  };
  child.stdout.on('data', keep);
  if (onStdout) child.stdout.on('data', onStdout);
  child.stderr.on('data', keep);
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return {
    name,
    pid: child.pid,
    exited,
    outputTail: () => output,
    usage: () => processUsage(child.pid),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

const CLOCK_TICKS = 100;

/** CPU seconds used so far, current and peak resident memory (bytes) of a process, from /proc. */
export function processUsage(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const cpuSeconds = (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
  return { cpuSeconds, rssBytes: kb('VmRSS'), peakRssBytes: kb('VmHWM') };
}

/** Measures a process over an interval: CPU cores used on average and peak RSS (sampled every 100 ms). */
export function resourceMeter(pid) {
  const start = processUsage(pid);
  const startedAt = process.hrtime.bigint();
  let peakRss = start.rssBytes;
  const timer = setInterval(() => {
    try {
      peakRss = Math.max(peakRss, processUsage(pid).rssBytes);
    } catch {
      /* the process ended; the last sample stands */
    }
  }, 100);
  return {
    stop() {
      clearInterval(timer);
      const end = processUsage(pid);
      const seconds = Number(process.hrtime.bigint() - startedAt) / 1e9;
      return { cpuCores: (end.cpuSeconds - start.cpuSeconds) / seconds, peakRssBytes: Math.max(peakRss, end.rssBytes) };
    },
  };
}

/** Open sockets of a process (listening ones included), from /proc/<pid>/fd. */
export function socketCount(pid) {
  let n = 0;
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      if (readlinkSync(`/proc/${pid}/fd/${fd}`).startsWith('socket:')) n += 1;
    } catch {
      /* closed meanwhile */
    }
  }
  return n;
}

/** Samples `socketCount(pid)` every 250 ms; `stop()` returns the peak. */
export function socketPeakMeter(pid) {
  let peak = 0;
  const sample = () => {
    try {
      peak = Math.max(peak, socketCount(pid));
    } catch {
      /* the process ended */
    }
  };
  const timer = setInterval(sample, 250);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return peak;
    },
  };
}
