import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { freePort } from './free-port';

const REDIS_SERVER = process.env.REDIS_SERVER_BIN ?? '/usr/bin/redis-server';
const REDIS_CLI = process.env.REDIS_CLI_BIN ?? '/usr/bin/redis-cli';
const run = promisify(execFile);

/** Runs `command` against a node until `accept` says yes (or the deadline passes). */
async function until<T>(port: number, command: (redis: Redis) => Promise<T>, accept: (value: T) => boolean, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    const probe = new Redis({ host: '127.0.0.1', port, lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
    probe.on('error', () => undefined);
    try {
      await probe.connect();
      last = await command(probe);
      if (accept(last as T)) return last as T;
    } catch (error) {
      last = error;
    } finally {
      probe.disconnect();
    }
    await delay(100);
  }
  throw new Error(`${what} (port ${port}) not reached within ${timeoutMs} ms; last answer: ${String(last)}`);
}

/** Child redis-server processes in one temp dir; stop() kills them and removes the dir. */
abstract class RedisProcessGroup {
  protected children: ChildProcess[] = [];
  private readonly argsOfChildren: string[][] = [];
  protected readonly dir = mkdtempSync(join(tmpdir(), 'sluice-redis-topology-'));

  protected spawnServer(args: string[]): void {
    this.argsOfChildren.push(args);
    this.children.push(this.spawnChild(args));
  }

  private spawnChild(args: string[]): ChildProcess {
    const child = spawn(REDIS_SERVER, args, { stdio: 'ignore' });
    child.on('error', () => undefined);
    return child;
  }

  /** SIGKILL of every process (a crash of the whole deployment); the data dir stays for `restart()`. */
  async kill(): Promise<void> {
    await Promise.all(
      this.children.map(async (child) => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGKILL');
        await exited;
      }),
    );
  }

  /** Starts every process again with its original arguments (same ports, config files and dir). */
  protected respawnAll(): void {
    this.children = this.argsOfChildren.map((args) => this.spawnChild(args));
  }

  async stop(): Promise<void> {
    await this.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * A real Redis Cluster of `masters` primaries (no replicas) on 127.0.0.1, built the way an operator
 * does it: `redis-server --cluster-enabled yes` per node, then `redis-cli --cluster create`.
 * Never touches the shared Redis on 6379.
 */
export class RedisClusterProcesses extends RedisProcessGroup {
  readonly ports: number[] = [];

  static async start(masters = 3): Promise<RedisClusterProcesses> {
    const cluster = new RedisClusterProcesses();
    try {
      for (let i = 0; i < masters; i++) {
        const [port, busPort] = [await freePort(), await freePort()];
        cluster.ports.push(port);
        cluster.spawnServer([
          '--port', String(port), '--bind', '127.0.0.1', '--cluster-enabled', 'yes', '--cluster-port', String(busPort),
          '--cluster-config-file', join(cluster.dir, `nodes-${port}.conf`), '--cluster-node-timeout', '5000',
          '--dir', cluster.dir, '--save', '', '--appendonly', 'no', '--daemonize', 'no',
        ]);
      }
      await Promise.all(cluster.ports.map((port) => until(port, (r) => r.ping(), (v) => v === 'PONG', 'redis-server up')));
      await run(REDIS_CLI, ['--cluster', 'create', ...cluster.ports.map((p) => `127.0.0.1:${p}`), '--cluster-replicas', '0', '--cluster-yes'], { timeout: 30_000 });
      await Promise.all(
        cluster.ports.map((port) => until(port, (r) => r.call('CLUSTER', 'INFO') as Promise<string>, (info) => /cluster_state:ok/.test(info) && /cluster_known_nodes:(\d+)/.exec(info)?.[1] === String(masters), 'cluster_state:ok')),
      );
      return cluster;
    } catch (error) {
      await cluster.stop();
      throw error;
    }
  }

  /** After `kill()`: the nodes come back from their nodes.conf (slots kept, data gone) and the cluster is ok again. */
  async restart(): Promise<void> {
    this.respawnAll();
    await Promise.all(
      this.ports.map((port) => until(port, (r) => r.call('CLUSTER', 'INFO') as Promise<string>, (info) => /cluster_state:ok/.test(info), 'cluster_state:ok after restart', 30_000)),
    );
  }

  /** The value for REDIS_CLUSTER_NODES. */
  get nodesEnv(): string {
    return this.ports.map((p) => `127.0.0.1:${p}`).join(',');
  }
}

/**
 * A real Sentinel deployment on 127.0.0.1: one primary (`mymaster` by default), one replica and one
 * `redis-server --sentinel` that monitors the primary (quorum 1), so a failover can be forced with
 * `SENTINEL FAILOVER`. Never touches the shared Redis on 6379.
 */
export class RedisSentinelProcesses extends RedisProcessGroup {
  private constructor(readonly name: string, readonly primaryPort: number, readonly replicaPort: number, readonly sentinelPort: number) {
    super();
  }

  static async start(name = 'mymaster'): Promise<RedisSentinelProcesses> {
    const group = new RedisSentinelProcesses(name, await freePort(), await freePort(), await freePort());
    try {
      const server = (port: number, extra: string[] = []) => ['--port', String(port), '--bind', '127.0.0.1', '--dir', group.dir, '--dbfilename', `dump-${port}.rdb`, '--save', '', '--appendonly', 'no', '--daemonize', 'no', ...extra];
      group.spawnServer(server(group.primaryPort));
      group.spawnServer(server(group.replicaPort, ['--replicaof', '127.0.0.1', String(group.primaryPort)]));
      const conf = join(group.dir, 'sentinel.conf');
      writeFileSync(
        conf,
        [
          `port ${group.sentinelPort}`,
          'bind 127.0.0.1',
          `dir ${group.dir}`,
          `sentinel monitor ${name} 127.0.0.1 ${group.primaryPort} 1`,
          `sentinel down-after-milliseconds ${name} 2000`,
          `sentinel failover-timeout ${name} 10000`,
          '',
        ].join('\n'),
      );
      group.spawnServer([conf, '--sentinel']);
      await until(group.replicaPort, (r) => r.info('replication'), (info) => /master_link_status:up/.test(info), 'replica in sync');
      await until(group.sentinelPort, (r) => r.call('SENTINEL', 'REPLICAS', name) as Promise<unknown[]>, (replicas) => Array.isArray(replicas) && replicas.length === 1, 'sentinel sees the replica');
      return group;
    } catch (error) {
      await group.stop();
      throw error;
    }
  }

  /** The value for REDIS_SENTINELS. */
  get sentinelsEnv(): string {
    return `127.0.0.1:${this.sentinelPort}`;
  }

  /** The port Sentinel currently names as the primary. */
  async currentPrimaryPort(): Promise<number> {
    const [, port] = await until(this.sentinelPort, (r) => r.call('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', this.name) as Promise<string[]>, (a) => Array.isArray(a) && a.length === 2, 'primary address');
    return Number(port);
  }

  /** Forces a failover to the replica and waits until Sentinel names it and it accepts writes. */
  async failover(): Promise<number> {
    const before = await this.currentPrimaryPort();
    await until(this.sentinelPort, (r) => r.call('SENTINEL', 'FAILOVER', this.name), (v) => v === 'OK', 'SENTINEL FAILOVER accepted');
    const after = await until(this.sentinelPort, async (r) => Number(((await r.call('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', this.name)) as string[])[1]), (port) => port !== before, 'new primary named');
    await until(after, (r) => r.info('replication'), (info) => /role:master/.test(info), 'new primary is master');
    return after;
  }
}
