import { z } from 'zod';
import { parseEnv, refuseDemoSecrets, workerEnvSchema, type WorkerEnv } from '@sluice/contracts';
import { DEV_KEK, kekEnvShape } from '@sluice/db';
import { egressEnvShape } from '@sluice/egress';

const intFromEnv = (fallback: number, min: number) => z.coerce.number().int().min(min).default(fallback);

/** What only the worker reads, on top of the shared worker contract: alerts and shutdown. */
export const alertDeliveryEnvShape = {
  /** Decrypts webhook signing secrets (sealed by the admin API with the same key). */
  ...kekEnvShape,
  /** Which webhook URLs alert delivery may reach (private/metadata addresses are refused unless allowed). */
  ...egressEnvShape,
  /** Parallel alert jobs per worker process. */
  ALERT_CONCURRENCY: intFromEnv(2, 1),
  /** HTTP attempts per webhook and alert; the wait doubles from ALERT_DELIVERY_BACKOFF_MS. */
  ALERT_DELIVERY_ATTEMPTS: intFromEnv(5, 1),
  ALERT_DELIVERY_BACKOFF_MS: intFromEnv(1000, 0),
  /** One webhook HTTP request may take this long. */
  ALERT_DELIVERY_TIMEOUT_MS: intFromEnv(10_000, 100),
  /** How often expiring API keys are looked for (`key_expiring` alerts, once per key per day). */
  KEY_EXPIRY_CHECK_INTERVAL_MS: intFromEnv(3_600_000, 1000),
  /** Error-rate and p95-latency spike alerts per org × model × provider, from minute usage_rollups of the last SPIKE_ALERT_WINDOW_MINUTES. */
  SPIKE_ALERT_INTERVAL_MS: intFromEnv(60_000, 1000),
  SPIKE_ALERT_WINDOW_MINUTES: intFromEnv(5, 1),
  /** Windows with fewer requests raise nothing. */
  SPIKE_ALERT_MIN_REQUESTS: intFromEnv(20, 1),
  /** Errors / requests at or above this fraction raise `error_rate_spike`. */
  ERROR_RATE_ALERT_THRESHOLD: z.coerce.number().gt(0).max(1).default(0.2),
  /** p95 latency at or above this raises `latency_spike`. */
  LATENCY_P95_ALERT_MS: intFromEnv(30_000, 1),
  /** On SIGTERM/SIGINT the worker stops taking jobs and waits this long for active ones before exiting (BullMQ hands unfinished jobs to another worker once their lock expires). */
  WORKER_SHUTDOWN_TIMEOUT_MS: intFromEnv(20_000, 1000),
};
/** Spend reconciliation (`src/spend`): Redis budget counters vs the spend of ingested usage events. */
export const spendReconciliationEnvShape = {
  /** How often a run is scheduled (one BullMQ job scheduler shared by all workers; one run at a time). */
  SPEND_RECONCILIATION_INTERVAL_MS: intFromEnv(300_000, 1000),
  /** A gateway enqueues a usage event at most this long after its request ended (flush interval + enqueue timeout, with margin). */
  SPEND_RECONCILIATION_INGESTION_GRACE_MS: intFromEnv(10_000, 0),
  /** Largest clock difference assumed between gateways and workers; widens the snapshot instant (no repair inside it). */
  SPEND_RECONCILIATION_CLOCK_SKEW_MS: intFromEnv(2000, 0),
  /** A run waits this long for ingestion to pass its snapshot; with a larger backlog it repairs nothing (logged, counted). */
  SPEND_RECONCILIATION_WATERMARK_TIMEOUT_MS: intFromEnv(120_000, 1000),
  /** A period that ended this long before a run is settled a last time by it (final settlement after a boundary). */
  SPEND_RECONCILIATION_PREVIOUS_PERIOD_MS: intFromEnv(3_600_000, 0),
};

/** Retention (`src/retention`): request logs per logging policy, and the audit trail (off unless AUDIT_RETENTION_DAYS is set). */
export const retentionEnvShape = {
  /** How often retention runs (one worker at a time: advisory lock). */
  RETENTION_INTERVAL_MS: intFromEnv(3_600_000, 1000),
  /** Request-log rows deleted per statement where a whole partition cannot be dropped. */
  RETENTION_DELETE_BATCH_SIZE: intFromEnv(5000, 1),
  /** Audit events older than this many days are exported (signed) and then deleted; 0 keeps the audit trail forever. Needs SLUICE_AUDIT_SIGNING_KEY. */
  AUDIT_RETENTION_DAYS: intFromEnv(0, 0),
  /** How long audit retention waits for its export before giving up for this pass (nothing deleted). */
  AUDIT_RETENTION_EXPORT_TIMEOUT_MS: intFromEnv(1_800_000, 1000),
};

/**
 * Per-queue retries the worker applies whatever the producer set (see src/queues/queue-policy.ts); the
 * usage queue's (USAGE_ATTEMPTS, USAGE_BACKOFF_MS) and every queue's concurrency are in the shared contract.
 */
export const queuePolicyEnvShape = {
  SEMANTIC_CACHE_ATTEMPTS: intFromEnv(5, 1),
  SEMANTIC_CACHE_BACKOFF_MS: intFromEnv(1000, 0),
  /** Expired semantic-cache entries deleted per sweep job. */
  SEMANTIC_CACHE_EXPIRY_BATCH_SIZE: intFromEnv(5000, 1),
  EXPORT_ATTEMPTS: intFromEnv(2, 1),
  EXPORT_BACKOFF_MS: intFromEnv(5000, 0),
  /** Whole alert jobs (a Postgres failure); HTTP retries per webhook are ALERT_DELIVERY_ATTEMPTS. */
  ALERT_ATTEMPTS: intFromEnv(3, 1),
  ALERT_BACKOFF_MS: intFromEnv(1000, 0),
};

/** Everything the worker reads on top of the shared worker contract. */
const workerOnlyEnvShape = { ...alertDeliveryEnvShape, ...spendReconciliationEnvShape, ...retentionEnvShape, ...queuePolicyEnvShape };
const workerOnlyEnvSchema = z.object(workerOnlyEnvShape);
export type WorkerOnlyEnv = z.output<typeof workerOnlyEnvSchema>;

// Like the gateway and the admin API, the worker refuses the demo KEK in production: with it, every
// webhook secret sealed by a production admin API would fail to decrypt at delivery time.
export const workerConfigSchema = workerEnvSchema.extend(workerOnlyEnvShape).superRefine(refuseDemoSecrets([['SLUICE_KEK', DEV_KEK]]));
export type WorkerConfig = z.output<typeof workerConfigSchema>;

export function loadWorkerConfig(env: NodeJS.ProcessEnv = process.env): WorkerConfig {
  return parseEnv('worker', workerConfigSchema, env);
}

/** A config parsed with the shared contract only (as some tests do) gets the worker-only defaults. */
export function withWorkerDefaults(config: WorkerEnv & Partial<WorkerOnlyEnv>): WorkerConfig {
  return { ...workerOnlyEnvDefaults(), ...config };
}

/** The defaults of everything only the worker reads. */
export function workerOnlyEnvDefaults(): WorkerOnlyEnv {
  return workerOnlyEnvSchema.parse({});
}
