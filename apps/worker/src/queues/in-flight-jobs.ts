import type { Job, Worker } from 'bullmq';

/**
 * The jobs this process is working on, across its workers, so that a shutdown that runs out of time
 * can hand them back to the queue at once (moved from active to wait with their lock token) instead
 * of leaving them locked until another worker's stalled-job check notices (lock duration).
 */
export class InFlightJobs {
  private readonly jobs = new Set<Job>();

  track(worker: Worker): void {
    worker.on('active', (job) => this.jobs.add(job));
    const done = (job: Job | undefined) => {
      if (job) this.jobs.delete(job);
    };
    worker.on('completed', done);
    worker.on('failed', done);
  }

  get size(): number {
    return this.jobs.size;
  }

  /** Moves every tracked job back to `wait` (a job whose lock was already lost is skipped); returns how many went back. */
  async returnAll(): Promise<number> {
    let returned = 0;
    for (const job of [...this.jobs]) {
      try {
        await job.moveToWait(job.token);
        returned++;
      } catch {
        // Finished or lost its lock in the meantime: nothing to return.
      }
      this.jobs.delete(job);
    }
    return returned;
  }
}

/**
 * Graceful shutdown: `close()` stops taking jobs and waits for the active ones; if that takes longer
 * than `timeoutMs`, the in-flight jobs are returned to their queues. Resolves true when everything
 * finished in time, false when jobs had to be returned.
 */
export async function closeWithin(timeoutMs: number, close: () => Promise<void>, inFlight: InFlightJobs): Promise<{ inTime: boolean; returned: number }> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  const outcome = await Promise.race([close().then(() => 'closed' as const), timedOut]);
  clearTimeout(timer);
  if (outcome === 'closed') return { inTime: true, returned: 0 };
  return { inTime: false, returned: await inFlight.returnAll() };
}
