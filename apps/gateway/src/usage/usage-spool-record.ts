import { createHash } from 'node:crypto';
import { z } from 'zod';
import { usageEventBatchSchema, type UsageEventBatch } from '@sluice/contracts';

/** Format tag of a spool file; a file with another tag is not ours (or from an incompatible version) and is moved aside. */
export const SPOOL_RECORD_FORMAT = 'sluice.usage-spool/1';

/** The envelope of one spool file: one batch, with a checksum over its events. */
const spoolRecordSchema = z.object({
  format: z.literal(SPOOL_RECORD_FORMAT),
  batchId: z.uuid(),
  spooledAt: z.iso.datetime({ offset: true }),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  events: z.array(z.unknown()),
});

export type DecodedSpoolRecord = { ok: true; batch: UsageEventBatch; spooledAt: string } | { ok: false; reason: string };

const digest = (events: unknown): string => createHash('sha256').update(JSON.stringify(events)).digest('hex');

/** Serialises a batch as one JSON document (the checksum covers the events, so a bit flip in a value is detected). */
export function encodeSpoolRecord(batch: UsageEventBatch, now: Date = new Date()): Buffer {
  const record = { format: SPOOL_RECORD_FORMAT, batchId: batch.batchId, spooledAt: now.toISOString(), sha256: digest(batch.events), events: batch.events };
  return Buffer.from(JSON.stringify(record), 'utf8');
}

/** Parses and validates a spool file; never throws. `reason` says why a file is unusable (truncated, checksum, schema). */
export function decodeSpoolRecord(bytes: Buffer): DecodedSpoolRecord {
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch {
    return { ok: false, reason: `not valid JSON (${bytes.length} bytes; truncated?)` };
  }
  const envelope = spoolRecordSchema.safeParse(json);
  if (!envelope.success) return { ok: false, reason: `bad envelope: ${describe(envelope.error)}` };
  if (digest(envelope.data.events) !== envelope.data.sha256) return { ok: false, reason: 'checksum mismatch' };
  const batch = usageEventBatchSchema.safeParse({ batchId: envelope.data.batchId, events: envelope.data.events });
  if (!batch.success) return { ok: false, reason: `bad batch: ${describe(batch.error)}` };
  return { ok: true, batch: batch.data, spooledAt: envelope.data.spooledAt };
}

function describe(error: z.ZodError): string {
  const issue = error.issues[0];
  return `${issue.path.join('.') || '(root)'}: ${issue.message}`;
}
