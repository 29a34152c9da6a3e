import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import { listensOnPort } from './port-owner';

export interface SpawnedService {
  url: string;
  process: ChildProcess;
  /** Output so far, for failure messages. */
  output(): string;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves with the exit code. */
  stop(graceMs?: number): Promise<number | null>;
}

export interface SpawnServiceOptions {
  name: string;
  entry: string;
  args?: string[];
  env: NodeJS.ProcessEnv;
  url: string;
  readyPath?: string;
  readyTimeoutMs?: number;
}

/**
 * Starts a built service (`node dist/main.js`) as a real process and waits for its readiness
 * endpoint. Tests use real processes where the process boundary matters (signals, crashes, many instances).
 */
export async function spawnService(options: SpawnServiceOptions): Promise<SpawnedService> {
  if (!existsSync(options.entry)) {
    throw new Error(`${options.name} is not built (${options.entry} is missing): run \`npx nx run-many -t build\` first (npm test does).`);
  }
  const child = spawn(process.execPath, [options.entry, ...(options.args ?? [])], { env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000)));
  child.stderr?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const service: SpawnedService = {
    url: options.url,
    process: child,
    output: () => output,
    async stop(graceMs = 10_000) {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
  const deadline = Date.now() + (options.readyTimeoutMs ?? 30_000);
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${options.name} exited with code ${child.exitCode} before it was ready:\n${output}`);
    try {
      const res = await fetch(`${options.url}${options.readyPath ?? '/health/ready'}`);
      if (res.ok) {
        // Another process on the port would answer for a child that failed to listen (or has not yet).
        const port = Number(new URL(options.url).port);
        const ownPort = port > 0 && child.pid !== undefined ? listensOnPort(child.pid, port) : undefined;
        if (child.exitCode === null && ownPort !== false) return service;
        if (/EADDRINUSE/.test(output)) {
          await service.stop(1000);
          throw new Error(`${options.name} could not listen on port ${port}: another process holds it and answered the readiness check:\n${output}`);
        }
      }
    } catch {
      // not listening yet
    }
    await delay(100);
  }
  await service.stop(1000);
  throw new Error(`${options.name} was not ready within ${options.readyTimeoutMs ?? 30_000} ms:\n${output}`);
}
