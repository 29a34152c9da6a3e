import { z } from 'zod';
import {
  baseEnvSchema,
  booleanSchema,
  DEV_KEY_PEPPER,
  httpUrlSchema,
  intSchema,
  keyPepperSchema,
  portSchema,
  requestReceiveTimeoutSchema,
  postgresUrlSchema,
  queuePrefixSchema,
  redisTopologyEnvShape,
  redisUrlSchema,
  refuseDemoSecrets,
} from './env';
import { trustProxySchema } from './trust-proxy';

/** Gateway (:4000). With SLUICE_CONFIG (or `--config`) it runs standalone from a YAML file, without a database. */
export const gatewayEnvSchema = baseEnvSchema
  .extend({
    GATEWAY_PORT: portSchema(4000),
    HOST: z.string().default('0.0.0.0'),
    /**
     * Connections the kernel completes and queues while the gateway is busy (listen backlog; Linux caps
     * it at net.core.somaxconn). Node's default, 511, overflows in a burst of new connections: the kernel
     * then drops handshakes and clients retry after 1, 3, 7… s instead of waiting milliseconds in the queue.
     */
    GATEWAY_LISTEN_BACKLOG: intSchema(4096, 1),
    /** The load balancers in front whose X-Forwarded-For is believed (key IP allow-lists); see trustProxySchema. */
    TRUST_PROXY: trustProxySchema,
    REQUEST_RECEIVE_TIMEOUT_MS: requestReceiveTimeoutSchema,
    /**
     * Load shedding, off by default (0): API requests served at once (streams included) beyond which a
     * new one is refused at once — 503, 529 on Anthropic's routes, with `retry-after` — instead of
     * queueing without bound on a saturated gateway.
     */
    GATEWAY_MAX_IN_FLIGHT: intSchema(0, 0),
    DATABASE_URL: postgresUrlSchema.optional(),
    SLUICE_CONFIG: z.string().min(1).optional(),
    /**
     * Unset: `redis://127.0.0.1:6379` with a database; in standalone mode (SLUICE_CONFIG) no Redis at
     * all — limits, budgets and the exact cache live in the process (see the gateway's loadGatewayConfig).
     */
    REDIS_URL: redisUrlSchema.unwrap().optional(),
    ...redisTopologyEnvShape,
    QUEUE_PREFIX: queuePrefixSchema,
    SLUICE_KEY_PEPPER: keyPepperSchema,
    CONFIG_POLL_INTERVAL_MS: intSchema(30_000, 1000),
    /**
     * At start, how long to wait for the Redis connections (limits, cache, usage, config changes) before
     * listening anyway: a gateway that serves before its limits connection is up lets its first requests
     * through uncounted (the fail mode applies). With Redis away it then starts degraded.
     */
    REDIS_STARTUP_WAIT_MS: intSchema(5000, 0),
    USAGE_BATCH_SIZE: intSchema(200, 1),
    USAGE_FLUSH_INTERVAL_MS: intSchema(250, 10),
    /** On SIGTERM: stop accepting, let in-flight requests (streams too) finish for at most this long, flush usage, exit. */
    SHUTDOWN_DRAIN_MS: intSchema(25_000, 0),
    /** Usage batches that cannot be enqueued (Redis away) go to this directory; one directory per gateway process. */
    USAGE_SPOOL_DIR: z.string().min(1).default('.sluice/spool'),
    /** Upper bound of the spool's size on disk; batches beyond it are dropped and logged. */
    USAGE_SPOOL_MAX_BYTES: intSchema(512 * 1024 * 1024, 1024 * 1024),
    /** How long one enqueue of a usage batch may take before the batch goes to the spool. */
    USAGE_ENQUEUE_TIMEOUT_MS: intSchema(2000, 50),
  })
  .superRefine((cfg, ctx) => {
    if (!cfg.DATABASE_URL && !cfg.SLUICE_CONFIG) {
      ctx.addIssue({ code: 'custom', path: ['DATABASE_URL'], message: 'set DATABASE_URL, or SLUICE_CONFIG (or --config) for standalone mode' });
    }
  })
  .superRefine(refuseDemoSecrets([['SLUICE_KEY_PEPPER', DEV_KEY_PEPPER]]));
export type GatewayEnv = z.output<typeof gatewayEnvSchema>;

/** Admin API (:4100). */
export const adminApiEnvSchema = baseEnvSchema
  .extend({
    ADMIN_API_PORT: portSchema(4100),
    HOST: z.string().default('0.0.0.0'),
    /** The portal and proxies in front whose X-Forwarded-For/-Proto are believed (audit IPs, login throttling, Secure cookies); see trustProxySchema. */
    TRUST_PROXY: trustProxySchema,
    REQUEST_RECEIVE_TIMEOUT_MS: requestReceiveTimeoutSchema,
    DATABASE_URL: postgresUrlSchema,
    REDIS_URL: redisUrlSchema,
    ...redisTopologyEnvShape,
    QUEUE_PREFIX: queuePrefixSchema,
    SLUICE_KEY_PEPPER: keyPepperSchema,
    RUN_MIGRATIONS: booleanSchema(false),
    /** Optional read replica for analytics and request-log queries; DATABASE_URL when unset. */
    DATABASE_READ_URL: postgresUrlSchema.optional(),
    /** Where the worker writes export files; the admin API streams downloads from it (a shared volume). */
    EXPORTS_DIR: z.string().min(1).default('.sluice/exports'),
  })
  .superRefine(refuseDemoSecrets([['SLUICE_KEY_PEPPER', DEV_KEY_PEPPER]]));
export type AdminApiEnv = z.output<typeof adminApiEnvSchema>;

/** Worker (BullMQ consumers). HEALTH_PORT serves /health/* for orchestrators. */
export const workerEnvSchema = baseEnvSchema.extend({
  WORKER_HEALTH_PORT: portSchema(4200),
  DATABASE_URL: postgresUrlSchema,
  REDIS_URL: redisUrlSchema,
  ...redisTopologyEnvShape,
  QUEUE_PREFIX: queuePrefixSchema,
  /** Usage batch jobs per worker process; batches of concurrent jobs are written together (one transaction), so more means fewer, larger transactions. */
  USAGE_CONCURRENCY: intSchema(64, 1),
  /**
   * How usage rows reach request_logs: `copy` (COPY FROM STDIN, the fast path) or `insert` (INSERT … ON
   * CONFLICT, for a server that does not speak COPY over the wire: `npm start`'s embedded PGlite).
   */
  USAGE_INGEST_METHOD: z.enum(['copy', 'insert']).default('copy'),
  /** Semantic-cache indexing runs only when URL, key and model are all set (an OpenAI-compatible `/v1`, normally the gateway's own). */
  SEMANTIC_CACHE_EMBEDDINGS_URL: httpUrlSchema.optional(),
  SEMANTIC_CACHE_EMBEDDINGS_KEY: z.string().min(1).optional(),
  SEMANTIC_CACHE_EMBEDDING_MODEL: z.string().min(1).max(200).optional(),
  SEMANTIC_CACHE_CONCURRENCY: intSchema(2, 1),
  SEMANTIC_CACHE_EXPIRY_INTERVAL_MS: intSchema(60_000, 1000),
  /** request_logs daily partitions are kept for today and this many days ahead (at start and every interval). */
  REQUEST_LOG_PARTITION_DAYS_AHEAD: intSchema(7, 0),
  PARTITION_MAINTENANCE_INTERVAL_MS: intSchema(3_600_000, 1000),
  /** Deliveries of a usage batch before it goes to the dead-letter queue; backoff doubles from USAGE_BACKOFF_MS. */
  USAGE_ATTEMPTS: intSchema(5, 1),
  USAGE_BACKOFF_MS: intSchema(1000, 0),
  /** BullMQ job lock of a usage batch; a killed worker's batch is handed to another after it expires (stalled-job check). */
  USAGE_LOCK_DURATION_MS: intSchema(30_000, 1000),
  USAGE_STALLED_INTERVAL_MS: intSchema(30_000, 1000),
  /** Audit exports and usage reports are written here (shared with the admin API, which serves the downloads). */
  EXPORTS_DIR: z.string().min(1).default('.sluice/exports'),
  /** Ed25519 key (PKCS#8 PEM or base64 DER) that signs export manifests; unset: a throwaway key per process outside production, failed exports in production. */
  SLUICE_AUDIT_SIGNING_KEY: z.string().min(1).optional(),
  /** Parallel export jobs per worker process. */
  EXPORT_CONCURRENCY: intSchema(1, 1),
});
export type WorkerEnv = z.output<typeof workerEnvSchema>;

/** Mock provider (:4300): a fake upstream for the demo and the tests. */
export const mockProviderEnvSchema = baseEnvSchema.extend({
  MOCK_PROVIDER_PORT: portSchema(4300),
  HOST: z.string().default('127.0.0.1'),
  MOCK_DEFAULT_LATENCY_MS: intSchema(0),
});
export type MockProviderEnv = z.output<typeof mockProviderEnvSchema>;

/** Portal (:3000): forwards /api/* to the admin API. */
export const portalEnvSchema = baseEnvSchema.extend({
  PORTAL_PORT: portSchema(3000),
  ADMIN_API_URL: httpUrlSchema.default('http://127.0.0.1:4100'),
  GATEWAY_PUBLIC_URL: httpUrlSchema.default('http://127.0.0.1:4000'),
});
export type PortalEnv = z.output<typeof portalEnvSchema>;
