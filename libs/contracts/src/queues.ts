import { z } from 'zod';
import { usageEventSchema } from './usage-event';

/** Every BullMQ queue in one place. */
export const QueueName = {
  UsageEvents: 'usage-events',
} as const;
export type QueueName = (typeof QueueName)[keyof typeof QueueName];

/** A batch of usage events; `batchId` is the BullMQ job id so a replayed batch is not enqueued twice. */
export const usageEventBatchSchema = z.object({
  batchId: z.uuid(),
  events: z.array(usageEventSchema).min(1).max(5000),
});
export type UsageEventBatch = z.output<typeof usageEventBatchSchema>;

/** Redis pub/sub channel on which the admin API announces a new config version. */
export const configChangedChannel = (queuePrefix: string) => `${queuePrefix}:config-changed`;
export const configChangedMessageSchema = z.object({ version: z.number().int().nonnegative() });
