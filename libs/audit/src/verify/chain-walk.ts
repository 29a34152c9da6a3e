import type { AuditRecord } from '../record/audit-record';
import type { AuditQueryable } from '../read/audit-snapshot';
import { ChainChecker, type ChainBreakReason } from './chain-checker';

export interface ChainWalkOptions {
  /** First seq to verify (default: 1, or the first event after the newest retention purge). */
  fromSeq?: number;
  /** Last seq the caller will feed. */
  toSeq?: number;
  /** The event at `anchor.seq` must be fed and carry `anchor.hash`. */
  anchor?: { seq: number; hash: string };
}

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

type StartBreak = { firstBrokenSeq: number; reason: ChainBreakReason; detail: string };

/**
 * One walk of an org's chain, fed record by record in ascending seq (from `fromSeq` to `toSeq`) by
 * whoever reads them: `verifyAuditChain`, or an export that verifies while it streams. The first
 * broken link is kept and everything fed after it is ignored; `finish()` gives the outcome.
 */
export class ChainWalk {
  private outcome: AuditChainVerification | null = null;
  private anchorSeen = false;

  private constructor(
    private readonly checker: ChainChecker,
    /** First seq to feed; records before it are not part of the walk. */
    readonly fromSeq: number,
    private readonly options: ChainWalkOptions,
    private readonly retention: AuditChainRetentionStart | undefined,
  ) {}

  /** Where the walk starts: `fromSeq`, else after the newest retention purge (its kept hash checked), else genesis. */
  static async start(db: AuditQueryable, orgId: string, options: ChainWalkOptions = {}): Promise<ChainWalk> {
    const purge = options.fromSeq === undefined ? await newestPurge(db, orgId) : null;
    const retention = purge ? { keptSeq: purge.keptSeq, purgedAt: purge.purgedAt, exportId: purge.exportId } : undefined;
    const fromSeq = options.fromSeq ?? (purge ? purge.keptSeq + 1 : 1);
    const start = purge ? await purgeBoundaryStart(db, orgId, purge) : await startOf(db, orgId, fromSeq);
    const walk = new ChainWalk(new ChainChecker({ seq: fromSeq, prevHash: 'reason' in start ? null : start.prevHash }), fromSeq, options, retention);
    if ('reason' in start) walk.outcome = { ok: false, count: 0, ...start, lastGoodSeq: null, lastGoodHash: null, ...(retention && { retention }) };
    return walk;
  }

  /** true once a break was found: feeding more changes nothing. */
  get broken(): boolean {
    return this.outcome !== null;
  }

  /**
   * Checks the next record; false when it (or an earlier one) broke the chain. `canonical`: the
   * record's `canonicalRecord`, when the caller has it already.
   */
  feed(record: AuditRecord, canonical?: string): boolean {
    if (this.outcome) return false;
    const broken = this.checker.check(record, canonical);
    if (broken) return this.fail(broken.seq, broken.reason, broken.detail);
    const anchor = this.options.anchor;
    if (anchor && record.seq === anchor.seq) {
      if (record.hash !== anchor.hash) return this.fail(record.seq, 'anchor_mismatch', `seq ${record.seq} has hash ${record.hash}, the anchor says ${anchor.hash}`);
      this.anchorSeen = true;
    }
    return true;
  }

  /** The outcome once every record up to `toSeq` was fed. */
  finish(): AuditChainVerification {
    if (this.outcome) return this.outcome;
    const { anchor, toSeq } = this.options;
    if (anchor && anchor.seq >= this.fromSeq && (toSeq === undefined || anchor.seq <= toSeq) && !this.anchorSeen) {
      this.fail(anchor.seq, 'anchor_mismatch', `anchored seq ${anchor.seq} is missing: the newest events were removed`);
      return this.outcome!;
    }
    const checker = this.checker;
    return {
      ok: true, count: checker.count, lastSeq: checker.count > 0 ? checker.lastSeq : null, lastHash: checker.count > 0 ? checker.lastHash : null,
      ...(this.retention && { retention: this.retention }),
    };
  }

  private fail(seq: number, reason: ChainBreakReason, detail: string): false {
    const checker = this.checker;
    this.outcome = {
      ok: false, count: checker.count, firstBrokenSeq: seq, reason, detail,
      lastGoodSeq: checker.count > 0 ? checker.lastSeq : null, lastGoodHash: checker.count > 0 ? checker.lastHash : null,
      ...(this.retention && { retention: this.retention }),
    };
    return false;
  }
}

interface PurgeBoundary {
  keptSeq: number;
  keptHash: string;
  purgedAt: string;
  exportId: string;
}

/** The newest audit-retention purge of the org (migration 1764100001540), if any. */
async function newestPurge(db: AuditQueryable, orgId: string): Promise<PurgeBoundary | null> {
  const [row] = (await db.query(
    'SELECT kept_seq, kept_hash, purged_at, export_id FROM audit_retention_purges WHERE org_id = $1 ORDER BY kept_seq DESC LIMIT 1',
    [orgId],
  )) as Array<{ kept_seq: string; kept_hash: string; purged_at: Date; export_id: string }>;
  return row ? { keptSeq: Number(row.kept_seq), keptHash: row.kept_hash, purgedAt: row.purged_at.toISOString(), exportId: row.export_id } : null;
}

/** The kept boundary event must still be there with the hash the purge recorded: it anchors what follows. */
async function purgeBoundaryStart(db: AuditQueryable, orgId: string, purge: PurgeBoundary): Promise<{ prevHash: string } | StartBreak> {
  const [row] = (await db.query('SELECT hash FROM audit_events WHERE org_id = $1 AND seq = $2', [orgId, purge.keptSeq])) as Array<{ hash: string }>;
  if (!row) return { firstBrokenSeq: purge.keptSeq, reason: 'anchor_mismatch', detail: `seq ${purge.keptSeq}, the boundary kept by audit retention, is missing` };
  if (row.hash !== purge.keptHash) {
    return { firstBrokenSeq: purge.keptSeq, reason: 'anchor_mismatch', detail: `seq ${purge.keptSeq} has hash ${row.hash}, the retention purge recorded ${purge.keptHash}` };
  }
  return { prevHash: purge.keptHash };
}

async function startOf(db: AuditQueryable, orgId: string, fromSeq: number): Promise<{ prevHash: string | null } | StartBreak> {
  if (fromSeq === 1) return { prevHash: null };
  const [row] = (await db.query('SELECT hash FROM audit_events WHERE org_id = $1 AND seq = $2', [orgId, fromSeq - 1])) as Array<{ hash: string }>;
  if (!row) return { firstBrokenSeq: fromSeq - 1, reason: 'seq_gap', detail: `seq ${fromSeq - 1}, the start of the range, is missing` };
  return { prevHash: row.hash };
}
