import { z } from 'zod';
import { parseEnv, workerEnvSchema, type WorkerEnv } from '@sluice/contracts';
import { kekEnvShape } from '@sluice/db';
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
const alertDeliveryEnvSchema = z.object(alertDeliveryEnvShape);
export type AlertDeliveryEnv = z.output<typeof alertDeliveryEnvSchema>;

// The demo KEK is not refused in production here (unlike the admin API): the worker only decrypts, and a
// wrong key makes deliveries to webhooks with a secret fail (recorded), not the worker.
export const workerConfigSchema = workerEnvSchema.extend(alertDeliveryEnvShape);
export type WorkerConfig = z.output<typeof workerConfigSchema>;

export function loadWorkerConfig(env: NodeJS.ProcessEnv = process.env): WorkerConfig {
  return parseEnv('worker', workerConfigSchema, env);
}

/** A config parsed with the shared contract only (as some tests do) gets the alert-delivery defaults. */
export function withWorkerDefaults(config: WorkerEnv & Partial<AlertDeliveryEnv>): WorkerConfig {
  return { ...alertDeliveryEnvSchema.parse({}), ...config };
}
