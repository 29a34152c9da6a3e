import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { streamAuditRecords } from '../read/audit-row-cursor';
import { ChainChecker, type ChainBreakReason } from './chain-checker';

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

/** Set when the walk started after audit retention's purge boundary instead of at seq 1. */
export interface AuditChainRetentionStart {
  /** The boundary event kept by the newest purge; the walk starts after it. */
  keptSeq: number;
  purgedAt: string;
  /** The signed export that holds the purged events (verify it with its manifest). */
  exportId: string;
}

export type AuditChainVerification =
  | { ok: true; count: number; lastSeq: number | null; lastHash: string | null; retention?: AuditChainRetentionStart }
  | {
      ok: false;
      retention?: AuditChainRetentionStart;
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
  const purge = opts.fromSeq === undefined ? await newestPurge(dataSource, orgId) : null;
  const retention: AuditChainRetentionStart | undefined = purge ? { keptSeq: purge.keptSeq, purgedAt: purge.purgedAt, exportId: purge.exportId } : undefined;
  const fromSeq = opts.fromSeq ?? (purge ? purge.keptSeq + 1 : 1);
  const start = purge ? await purgeBoundaryStart(dataSource, orgId, purge) : await startOf(dataSource, orgId, fromSeq);
  if ('reason' in start) return { ok: false, count: 0, ...start, lastGoodSeq: null, lastGoodHash: null, ...(retention && { retention }) };

  const checker = new ChainChecker({ seq: fromSeq, prevHash: start.prevHash });
  const fail = (seq: number, reason: ChainBreakReason, detail: string): AuditChainVerification => ({
    ok: false, count: checker.count, firstBrokenSeq: seq, reason, detail,
    lastGoodSeq: checker.count > 0 ? checker.lastSeq : null, lastGoodHash: checker.count > 0 ? checker.lastHash : null,
    ...(retention && { retention }),
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
  return {
    ok: true, count: checker.count, lastSeq: checker.count > 0 ? checker.lastSeq : null, lastHash: checker.count > 0 ? checker.lastHash : null,
    ...(retention && { retention }),
  };
}

interface PurgeBoundary {
  keptSeq: number;
  keptHash: string;
  purgedAt: string;
  exportId: string;
}

/** The newest audit-retention purge of the org (migration 1764100001540), if any. */
async function newestPurge(dataSource: DataSource, orgId: string): Promise<PurgeBoundary | null> {
  const [row] = (await dataSource.query(
    'SELECT kept_seq, kept_hash, purged_at, export_id FROM audit_retention_purges WHERE org_id = $1 ORDER BY kept_seq DESC LIMIT 1',
    [orgId],
  )) as Array<{ kept_seq: string; kept_hash: string; purged_at: Date; export_id: string }>;
  return row ? { keptSeq: Number(row.kept_seq), keptHash: row.kept_hash, purgedAt: row.purged_at.toISOString(), exportId: row.export_id } : null;
}

/** The kept boundary event must still be there with the hash the purge recorded: it anchors what follows. */
async function purgeBoundaryStart(dataSource: DataSource, orgId: string, purge: PurgeBoundary): Promise<{ prevHash: string } | { firstBrokenSeq: number; reason: ChainBreakReason; detail: string }> {
  const [row] = (await dataSource.query('SELECT hash FROM audit_events WHERE org_id = $1 AND seq = $2', [orgId, purge.keptSeq])) as Array<{ hash: string }>;
  if (!row) return { firstBrokenSeq: purge.keptSeq, reason: 'anchor_mismatch', detail: `seq ${purge.keptSeq}, the boundary kept by audit retention, is missing` };
  if (row.hash !== purge.keptHash) {
    return { firstBrokenSeq: purge.keptSeq, reason: 'anchor_mismatch', detail: `seq ${purge.keptSeq} has hash ${row.hash}, the retention purge recorded ${purge.keptHash}` };
  }
  return { prevHash: purge.keptHash };
}

async function startOf(dataSource: DataSource, orgId: string, fromSeq: number): Promise<{ prevHash: string | null } | { firstBrokenSeq: number; reason: ChainBreakReason; detail: string }> {
  if (fromSeq === 1) return { prevHash: null };
  const [row] = (await dataSource.query('SELECT hash FROM audit_events WHERE org_id = $1 AND seq = $2', [orgId, fromSeq - 1])) as Array<{ hash: string }>;
  if (!row) return { firstBrokenSeq: fromSeq - 1, reason: 'seq_gap', detail: `seq ${fromSeq - 1}, the start of the range, is missing` };
  return { prevHash: row.hash };
}
