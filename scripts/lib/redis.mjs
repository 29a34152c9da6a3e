// Finds a Redis for `npm start`: REDIS_URL, else 127.0.0.1:6379, else a local redis-server we start.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { redisPing } from './net.mjs';

const LOCAL = 'redis://127.0.0.1:6379';

function which(cmd) {
  try {
    return execFileSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}

/**
 * @param {{ stateDir: string, supervisor: import('./supervisor.mjs').Supervisor, log: (msg: string) => void }} opts
 * @returns {Promise<string>} the Redis URL to use
 */
export async function ensureRedis({ stateDir, supervisor, log }) {
  if (process.env.REDIS_URL) {
    if (!(await redisPing(process.env.REDIS_URL))) {
      throw new Error(`REDIS_URL is set but Redis does not answer there. Start that Redis, or unset REDIS_URL to use 127.0.0.1:6379.`);
    }
    return process.env.REDIS_URL;
  }
  if (await redisPing(LOCAL)) return LOCAL;
  const server = which('redis-server');
  if (!server) {
    throw new Error(
      'Redis is needed and none answers on 127.0.0.1:6379. Either\n' +
        '  - install it:  sudo apt-get install redis-server   (macOS: brew install redis)   and run npm start again, or\n' +
        '  - run one in Docker:  docker compose -f docker/docker-compose.dev.yml up -d redis, or\n' +
        '  - point Sluice at yours:  REDIS_URL=redis://host:6379 npm start',
    );
  }
  const dir = resolve(stateDir, 'redis');
  mkdirSync(dir, { recursive: true });
  log(`starting ${server} on 127.0.0.1:6379 (data in ${dir})`);
  supervisor.start({
    name: 'redis',
    command: server,
    args: ['--bind', '127.0.0.1', '--port', '6379', '--dir', dir, '--save', '60 1', '--appendonly', 'no'],
    cwd: dir,
    env: process.env,
  });
  const deadline = Date.now() + 10_000;
  while (!(await redisPing(LOCAL))) {
    const failure = supervisor.failure('redis');
    if (failure) throw new Error(`redis-server did not start: ${failure}`);
    if (Date.now() > deadline) throw new Error('redis-server started but does not answer PING on 127.0.0.1:6379 after 10 s');
    await new Promise((r) => setTimeout(r, 200));
  }
  return LOCAL;
}
