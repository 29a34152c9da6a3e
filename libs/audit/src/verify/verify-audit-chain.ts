import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { AuditSnapshot } from '../read/audit-snapshot';
import { recordFromRow } from '../record/audit-record';
import { ChainWalk, type AuditChainVerification } from './chain-walk';

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);

export const verifyAuditChainOptionsSchema = z
  .strictObject({
    /**
     * First seq to verify. Default: 1, or — after audit retention purged the oldest events — the
     * first event after the purge's kept boundary, whose hash the purge record holds. Above 1, the
     * stored hash of `fromSeq - 1` is trusted as the start.
     */
    fromSeq: z.number().int().positive().optional(),
    /** Last seq to verify (default: the head at the time of the call). */
    toSeq: z.number().int().positive().optional(),
    /**
     * A chain head recorded elsewhere (an export manifest's `chainHead`, a value an auditor wrote
     * down): the event at `anchor.seq` must exist and carry `anchor.hash`. Without an anchor, the
     * removal of the newest events cannot be told apart from their never having been written.
     */
    anchor: z.strictObject({ seq: z.number().int().positive(), hash: hex64 }).optional(),
    batchSize: z.number().int().positive().max(10_000).optional(),
  })
  .refine((o) => o.fromSeq === undefined || o.toSeq === undefined || o.fromSeq <= o.toSeq, 'fromSeq must not exceed toSeq');
export type VerifyAuditChainOptions = z.input<typeof verifyAuditChainOptionsSchema>;

export type { AuditChainRetentionStart, AuditChainVerification } from './chain-walk';

/**
 * Re-walks an org's hash chain in `seq` order through a server-side cursor (constant memory, one
 * consistent snapshot) and reports the first broken link: a changed event (`hash_mismatch`), an
 * event moved to another seq (`reordered`), a deleted event (`seq_gap`), an inserted or forged event
 * (`prev_hash_mismatch`), or a missing/changed anchored head (`anchor_mismatch`).
 */
export async function verifyAuditChain(dataSource: DataSource, orgId: string, options: VerifyAuditChainOptions = {}): Promise<AuditChainVerification> {
  z.uuid().parse(orgId);
  const opts = verifyAuditChainOptionsSchema.parse(options);
  const snapshot = await AuditSnapshot.open(dataSource);
  try {
    const walk = await ChainWalk.start(snapshot, orgId, opts);
    if (walk.broken) return walk.finish();
    const params: unknown[] = [orgId, walk.fromSeq];
    let where = 'WHERE org_id = $1 AND seq >= $2';
    if (opts.toSeq !== undefined) where += ` AND seq <= $${params.push(opts.toSeq)}`;
    for await (const rows of snapshot.batches({ where: `${where} ORDER BY seq`, params, batchSize: opts.batchSize })) {
      for (const row of rows) if (!walk.feed(recordFromRow(row))) return walk.finish();
    }
    return walk.finish();
  } finally {
    await snapshot.close();
  }
}
