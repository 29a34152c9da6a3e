import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { generateDevSigningKey } from '@sluice/audit';
import { createAesGcmCredentialCipher, createDataSource, mockProviderBaseUrls, seedDemo } from '@sluice/db';
import { OtlpReceiver } from '@sluice/observability';
import {
  createTestDatabase,
  createTestRedisPrefix,
  freePort,
  RedisCommandRecorder,
  spawnService,
  startMockProvider,
  type MockProviderProcess,
  type SpawnedService,
  type TestDatabase,
  type TestRedisNamespace,
} from '@sluice/testing';
import type { DataSource } from 'typeorm';

const APPS = join(__dirname, '..', '..', '..');
export const ADMIN_API_ENTRY = join(APPS, 'admin-api', 'dist', 'main.js');
export const GATEWAY_ENTRY = join(APPS, 'gateway', 'dist', 'main.js');
export const WORKER_ENTRY = join(APPS, 'worker', 'dist', 'main.js');

/** One HTTP exchange with a service, kept so suites can scan what was answered. */
export interface Exchange {
  label: string;
  status: number;
  headers: Headers;
  body: string;
}

export interface Session {
  cookie: string;
  csrfToken: string;
}

export interface SecurityStackOptions {
  /** The break-glass owner's password (seeded). */
  adminPassword: string;
  /** LOG_LEVEL of admin API, gateway and worker. */
  logLevel?: string;
  /** Semantic-cache indexing by the worker through the gateway with this virtual key (set later with `startWorker`). */
  gatewayEnv?: Record<string, string>;
  /** false: the admin API alone (default true). */
  gateway?: boolean;
}

/**
 * Real processes on a fresh database and Redis prefix: the built admin API and gateway (and, on
 * request, the worker), the mock provider, an OTLP receiver for traces and a Redis MONITOR that
 * records every command naming the prefix. Demo data is seeded with a random pepper and KEK.
 */
export class SecurityStack {
  readonly pepper = `pepper-${randomBytes(16).toString('hex')}`;
  readonly kek = randomBytes(32).toString('base64');
  readonly signingKey = generateDevSigningKey();
  readonly exchanges: Exchange[] = [];
  database!: TestDatabase;
  redis!: TestRedisNamespace;
  dataSource!: DataSource;
  mock!: MockProviderProcess;
  otlp!: OtlpReceiver;
  redisCommands!: RedisCommandRecorder;
  adminApi!: SpawnedService;
  gateway!: SpawnedService;
  worker?: SpawnedService;
  orgId!: string;
  teamId!: string;
  adminEmail!: string;
  readonly dir = mkdtempSync(join(tmpdir(), 'sluice-security-'));
  readonly exportsDir = join(this.dir, 'exports');
  private readonly logs: Record<string, string> = {};

  private constructor(private readonly options: SecurityStackOptions) {}

  static async start(options: SecurityStackOptions): Promise<SecurityStack> {
    const stack = new SecurityStack(options);
    await stack.boot();
    return stack;
  }

  private get logLevel(): string {
    return this.options.logLevel ?? 'info';
  }

  private commonEnv(): NodeJS.ProcessEnv {
    return {
      PATH: process.env.PATH,
      NODE_ENV: 'test',
      LOG_LEVEL: this.logLevel,
      DATABASE_URL: this.database.url,
      REDIS_URL: this.redis.url,
      QUEUE_PREFIX: this.redis.prefix,
      SLUICE_KEY_PEPPER: this.pepper,
      SLUICE_KEK: this.kek,
      EXPORTS_DIR: this.exportsDir,
      EGRESS_ALLOW_LOOPBACK: 'true',
      OTEL_EXPORTER_OTLP_ENDPOINT: this.otlp.url,
    };
  }

  private async boot(): Promise<void> {
    [this.database, this.mock, this.otlp] = await Promise.all([createTestDatabase(), startMockProvider(), OtlpReceiver.start()]);
    this.redis = createTestRedisPrefix();
    this.redisCommands = await RedisCommandRecorder.start(this.redis.url, this.redis.prefix);
    this.dataSource = await createDataSource({ url: this.database.url, poolSize: 2 }).initialize();
    const seed = await seedDemo(this.dataSource, {
      keyPepper: this.pepper,
      credentialCipher: createAesGcmCredentialCipher(Buffer.from(this.kek, 'base64')),
      adminPassword: this.options.adminPassword,
      mockProviderUrl: this.mock.url,
    });
    this.orgId = seed.orgId;
    this.teamId = seed.teamId;
    this.adminEmail = seed.adminEmail;
    const adminPort = await freePort();
    this.adminApi = await spawnService({
      name: 'admin-api',
      entry: ADMIN_API_ENTRY,
      url: `http://127.0.0.1:${adminPort}`,
      env: { ...this.commonEnv(), ADMIN_API_PORT: String(adminPort), HOST: '127.0.0.1' },
      readyTimeoutMs: 60_000,
    });
    this.track('admin-api', this.adminApi);
    if (this.options.gateway === false) return;
    const gatewayPort = await freePort();
    this.gateway = await spawnService({
      name: 'gateway',
      entry: GATEWAY_ENTRY,
      url: `http://127.0.0.1:${gatewayPort}`,
      env: {
        ...this.commonEnv(),
        GATEWAY_PORT: String(gatewayPort),
        HOST: '127.0.0.1',
        CONFIG_POLL_INTERVAL_MS: '2000',
        USAGE_FLUSH_INTERVAL_MS: '50',
        USAGE_SPOOL_DIR: join(this.dir, 'spool'),
        ...this.options.gatewayEnv,
      },
      readyTimeoutMs: 60_000,
    });
    this.track('gateway', this.gateway);
  }

  /** The worker (usage ingestion, exports, semantic-cache indexing when `env` names an embeddings key). */
  async startWorker(env: Record<string, string> = {}): Promise<SpawnedService> {
    const port = await freePort();
    this.worker = await spawnService({
      name: 'worker',
      entry: WORKER_ENTRY,
      url: `http://127.0.0.1:${port}`,
      env: { ...this.commonEnv(), WORKER_HEALTH_PORT: String(port), SLUICE_AUDIT_SIGNING_KEY: this.signingKey.privateKeyBase64, ...env },
      readyTimeoutMs: 60_000,
    });
    this.track('worker', this.worker);
    return this.worker;
  }

  mockProviderUrls(): Record<string, string> {
    return mockProviderBaseUrls(this.mock.url);
  }

  /** A request to the admin API as `who` (cookie + CSRF token), recorded in `exchanges`. */
  async admin(who: Session | null, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Exchange & { json<T = Record<string, unknown>>(): T }> {
    const res = await fetch(`${this.adminApi.url}${path}`, {
      method,
      redirect: 'manual',
      headers: { ...(who ? { cookie: who.cookie, 'x-csrf-token': who.csrfToken } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    return this.record(`admin-api ${method} ${path.split('?')[0]}`, res);
  }

  /** The environment a service of this stack gets (for suites that start a variant themselves). */
  serviceEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
    return { ...this.commonEnv(), ...extra };
  }

  /** A request to the gateway with a virtual key, recorded in `exchanges`. */
  async gatewayCall(key: string, path: string, body: unknown, headers: Record<string, string> = {}): Promise<Exchange & { json<T = Record<string, unknown>>(): T }> {
    const res = await fetch(`${this.gateway.url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    return this.record(`gateway POST ${path}`, res);
  }

  private async record(label: string, res: Response): Promise<Exchange & { json<T>(): T }> {
    const exchange: Exchange = { label: `${label} → ${res.status}`, status: res.status, headers: res.headers, body: await res.text() };
    this.exchanges.push(exchange);
    return { ...exchange, json: <T>() => JSON.parse(exchange.body) as T };
  }

  async signIn(email: string, password: string): Promise<Session> {
    const res = await this.admin(null, 'POST', '/api/v1/auth/login', { email, password });
    if (res.status !== 200) throw new Error(`sign-in of ${email} failed: ${res.status} ${res.body}`);
    const cookie = String(res.headers.get('set-cookie')).split(';')[0];
    return { cookie, csrfToken: res.json<{ csrfToken: string }>().csrfToken };
  }

  /** Captured stdout/stderr of every service this stack started (the whole output, not only the tail). */
  serviceLogs(): Record<string, string> {
    return { ...this.logs };
  }

  /** Keeps the whole output of a service from its start (spawnService keeps only the last 20 kB). */
  private track(name: string, service: SpawnedService): void {
    this.logs[name] = service.output();
    const append = (chunk: Buffer) => (this.logs[name] += chunk.toString());
    service.process.stdout?.on('data', append);
    service.process.stderr?.on('data', append);
  }

  async close(): Promise<void> {
    await Promise.all([this.worker?.stop(), this.gateway?.stop(), this.adminApi?.stop()]);
    await Promise.all([this.mock?.stop(), this.otlp?.close(), this.redisCommands?.stop()]);
    await this.dataSource?.destroy();
    await this.redis?.flush();
    await this.database?.drop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
