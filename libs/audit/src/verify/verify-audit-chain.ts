import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { streamAuditRecords } from '../read/audit-row-cursor';
import { ChainChecker, type ChainBreakReason } from './chain-checker';

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);

export const verifyAuditChainOptionsSchema = z
  .strictObject({
    /** First seq to verify (default 1). Above 1, the stored hash of `fromSeq - 1` is trusted as the start. */
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

export type AuditChainVerification =
  | { ok: true; count: number; lastSeq: number | null; lastHash: string | null }
  | {
      ok: false;
      /** Events verified before the break. */
      count: number;
      firstBrokenSeq: number;
      reason: ChainBreakReason;
      detail: string;
      /** The last event that still verified (null: none). */
      lastGoodSeq: number | null;
      lastGoodHash: string | null;
    };

/**
 * Re-walks an org's hash chain in `seq` order through a server-side cursor (constant memory, one
 * consistent snapshot) and reports the first broken link: a changed event (`hash_mismatch`), an
 * event moved to another seq (`reordered`), a deleted event (`seq_gap`), an inserted or forged event
 * (`prev_hash_mismatch`), or a missing/changed anchored head (`anchor_mismatch`).
 */
export async function verifyAuditChain(dataSource: DataSource, orgId: string, options: VerifyAuditChainOptions = {}): Promise<AuditChainVerification> {
  z.uuid().parse(orgId);
  const opts = verifyAuditChainOptionsSchema.parse(options);
  const fromSeq = opts.fromSeq ?? 1;
  const start = await startOf(dataSource, orgId, fromSeq);
  if ('reason' in start) return { ok: false, count: 0, ...start, lastGoodSeq: null, lastGoodHash: null };

  const checker = new ChainChecker({ seq: fromSeq, prevHash: start.prevHash });
  const fail = (seq: number, reason: ChainBreakReason, detail: string): AuditChainVerification => ({
    ok: false, count: checker.count, firstBrokenSeq: seq, reason, detail,
    lastGoodSeq: checker.count > 0 ? checker.lastSeq : null, lastGoodHash: checker.count > 0 ? checker.lastHash : null,
  });

  const params: unknown[] = [orgId, fromSeq];
  let where = 'WHERE org_id = $1 AND seq >= $2';
  if (opts.toSeq !== undefined) where += ` AND seq <= $${params.push(opts.toSeq)}`;
  let anchorSeen = false;
  for await (const record of streamAuditRecords(dataSource, { where: `${where} ORDER BY seq`, params, batchSize: opts.batchSize })) {
    const broken = checker.check(record);
    if (broken) return fail(broken.seq, broken.reason, broken.detail);
    if (opts.anchor && record.seq === opts.anchor.seq) {
      if (record.hash !== opts.anchor.hash) return fail(record.seq, 'anchor_mismatch', `seq ${record.seq} has hash ${record.hash}, the anchor says ${opts.anchor.hash}`);
      anchorSeen = true;
    }
  }
  const anchorInRange = opts.anchor && opts.anchor.seq >= fromSeq && (opts.toSeq === undefined || opts.anchor.seq <= opts.toSeq);
  if (anchorInRange && !anchorSeen) {
    return fail(opts.anchor!.seq, 'anchor_mismatch', `anchored seq ${opts.anchor!.seq} is missing: the newest events were removed`);
  }
  return { ok: true, count: checker.count, lastSeq: checker.count > 0 ? checker.lastSeq : null, lastHash: checker.count > 0 ? checker.lastHash : null };
}

async function startOf(dataSource: DataSource, orgId: string, fromSeq: number): Promise<{ prevHash: string | null } | { firstBrokenSeq: number; reason: ChainBreakReason; detail: string }> {
  if (fromSeq === 1) return { prevHash: null };
  const [row] = (await dataSource.query('SELECT hash FROM audit_events WHERE org_id = $1 AND seq = $2', [orgId, fromSeq - 1])) as Array<{ hash: string }>;
  if (!row) return { firstBrokenSeq: fromSeq - 1, reason: 'seq_gap', detail: `seq ${fromSeq - 1}, the start of the range, is missing` };
  return { prevHash: row.hash };
}
