import { Queue, type ConnectionOptions } from 'bullmq';
import { QueueName } from '@sluice/contracts';
import type { Logger } from '@sluice/observability';

/** Runs an alert check at start and every `intervalMs`, adding its alerts to the alerts queue; stop() ends it. */
export function startPeriodicAlertCheck(
  name: string,
  check: (queue: Queue) => Promise<number>,
  options: { connection: ConnectionOptions; prefix: string; intervalMs: number; logger: Logger },
): { stop(): Promise<void> } {
  const queue = new Queue(QueueName.Alerts, { connection: options.connection, prefix: options.prefix });
  queue.on('error', (error: Error) => options.logger.warn({ check: name, err: error }, 'alerts queue error'));
  let running: Promise<void> = Promise.resolve();
  const run = () => {
    running = check(queue)
      .then((count) => {
        if (count > 0) options.logger.info({ check: name, count }, 'alerts raised');
      })
      .catch((error: unknown) => options.logger.error({ check: name, err: error }, 'alert check failed'));
  };
  run();
  const timer = setInterval(run, options.intervalMs);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
      await queue.close();
    },
  };
}
