import { Queue, type Job, type Worker } from 'bullmq';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { createServiceRegistry, loadMetricsEnv, metricsResponse } from '@sluice/observability';

const JOB_STATES = ['waiting', 'active', 'delayed', 'failed', 'completed', 'prioritized', 'waiting-children'] as const;
const REPORTED_STATES = ['waiting', 'active', 'delayed', 'failed'] as const;

/** Seconds, from 10 ms (a small usage batch) to 10 min (a large audit export). */
const JOB_DURATION_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];

/**
 * The worker's `sluice_worker_*` series. Queue depth and lag are read from Redis when Prometheus
 * scrapes (a few commands per queue); job counts and durations are counted in memory as jobs finish.
 */
export class WorkerMetrics {
  readonly registry: Registry = createServiceRegistry();
  private readonly queues: Queue[];
  private readonly processed: Counter<'queue'>;
  private readonly failed: Counter<'queue' | 'final'>;
  private readonly duration: Histogram<'queue' | 'outcome'>;
  private readonly usageEvents: Counter;

  constructor(connection: Redis, prefix: string, queueNames: string[]) {
    this.queues = queueNames.map((name) => {
      const queue = new Queue(name, { connection, prefix });
      // An unhandled 'error' event would be thrown; a failed scrape read is reported by the scrape.
      queue.on('error', () => undefined);
      return queue;
    });
    const queues = this.queues;
    new Gauge({
      name: 'sluice_worker_queue_jobs',
      help: 'Jobs per queue and state (waiting, active, delayed, failed), read at scrape time.',
      labelNames: ['queue', 'state'],
      registers: [this.registry],
      async collect() {
        const counts = await Promise.all(queues.map((q) => q.getJobCounts(...JOB_STATES).then((c) => [q.name, c] as const)));
        for (const [queue, c] of counts) {
          // BullMQ keeps prioritized jobs in their own set; they are waiting all the same.
          for (const state of REPORTED_STATES) this.set({ queue, state }, (c[state] ?? 0) + (state === 'waiting' ? (c.prioritized ?? 0) + (c['waiting-children'] ?? 0) : 0));
        }
      },
    });
    new Gauge({
      name: 'sluice_worker_queue_lag_seconds',
      help: 'Age of the oldest waiting job per queue (0 when none waits): how far ingestion is behind.',
      labelNames: ['queue'],
      registers: [this.registry],
      async collect() {
        const now = Date.now();
        await Promise.all(
          queues.map(async (q) => {
            const [oldest] = await q.getJobs(['wait'], 0, 0, true);
            this.set({ queue: q.name }, oldest ? Math.max(0, (now - oldest.timestamp) / 1000) : 0);
          }),
        );
      },
    });
    this.processed = new Counter({ name: 'sluice_worker_jobs_processed_total', help: 'Jobs completed, per queue.', labelNames: ['queue'], registers: [this.registry] });
    this.failed = new Counter({
      name: 'sluice_worker_jobs_failed_total',
      help: 'Job attempts that failed, per queue; final="true" when no retry is left.',
      labelNames: ['queue', 'final'],
      registers: [this.registry],
    });
    this.duration = new Histogram({
      name: 'sluice_worker_job_duration_seconds',
      help: 'Processing time of a job (a usage batch, an index write, an export …), per queue and outcome.',
      labelNames: ['queue', 'outcome'],
      buckets: JOB_DURATION_BUCKETS,
      registers: [this.registry],
    });
    this.usageEvents = new Counter({ name: 'sluice_worker_usage_events_total', help: 'Usage events in completed usage batches.', registers: [this.registry] });
  }

  /** Counts a worker's completed and failed jobs and their durations. */
  observe(worker: Worker): void {
    const queue = worker.name;
    const seconds = (job: Job) => Math.max(0, ((job.finishedOn ?? Date.now()) - (job.processedOn ?? Date.now())) / 1000);
    worker.on('completed', (job) => {
      this.processed.inc({ queue });
      this.duration.observe({ queue, outcome: 'completed' }, seconds(job));
      const events = (job.data as { events?: unknown[] } | undefined)?.events;
      if (queue === 'usage-events' && Array.isArray(events)) this.usageEvents.inc(events.length);
    });
    worker.on('failed', (job) => {
      if (!job) return;
      const final = job.attemptsMade >= (job.opts.attempts ?? 1);
      this.failed.inc({ queue, final: String(final) });
      this.duration.observe({ queue, outcome: 'failed' }, seconds(job));
    });
  }

  /** `GET /metrics` on the worker's health server; with `METRICS_TOKEN`, only for that bearer token. */
  serveOn(server: FastifyInstance): void {
    const token = loadMetricsEnv().METRICS_TOKEN;
    server.get('/metrics', async (req, reply) => {
      const res = await metricsResponse(this.registry, req.headers.authorization, token);
      return reply.status(res.status).header('content-type', res.contentType).header('cache-control', 'no-store').send(res.body);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.queues.map((q) => q.close()));
  }
}
