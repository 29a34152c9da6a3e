import { computeRecordHash, hashCanonicalRecord, type AuditRecord } from '../record/audit-record';

export const CHAIN_BREAK_REASONS = ['seq_gap', 'reordered', 'hash_mismatch', 'prev_hash_mismatch', 'anchor_mismatch', 'malformed'] as const;
export type ChainBreakReason = (typeof CHAIN_BREAK_REASONS)[number];

export interface ChainBreak {
  /** The first sequence number at which the chain no longer holds (for a gap: the missing one). */
  seq: number;
  reason: ChainBreakReason;
  detail: string;
}

export interface ChainCheckerStart {
  /** Sequence number the next record must carry. */
  seq: number;
  /** Hash the next record must link to; null when `seq` is 1 (genesis). */
  prevHash: string | null;
  /**
   * Exports of a filtered selection hold a subset of the chain: with `allowGaps` a jump in `seq`
   * is accepted (the link across it cannot be checked) but every record must still hash correctly,
   * and every run of consecutive records must link.
   */
  allowGaps?: boolean;
  /** How far from its current seq to look for the seq a record was really written with (default 10,000). */
  reorderSearchWindow?: number;
}

/**
 * Checks records fed in ascending `seq` order, one at a time (constant memory). Stops being useful
 * after the first break: the caller reports it and stops.
 */
export class ChainChecker {
  private expectedSeq: number;
  private prevHash: string | null;
  private verified = 0;
  private readonly allowGaps: boolean;
  private readonly window: number;

  constructor(start: ChainCheckerStart) {
    this.expectedSeq = start.seq;
    this.prevHash = start.prevHash;
    this.allowGaps = start.allowGaps ?? false;
    this.window = start.reorderSearchWindow ?? 10_000;
  }

  /** Records that passed. */
  get count(): number {
    return this.verified;
  }

  /** Hash of the last record that passed (or the start's prevHash). */
  get lastHash(): string | null {
    return this.prevHash;
  }

  get lastSeq(): number {
    return this.expectedSeq - 1;
  }

  /** `canonical`: the record's `canonicalRecord`, when the caller has it already (saves serialising it again). */
  check(record: AuditRecord, canonical?: string): ChainBreak | null {
    const linked = this.checkPosition(record);
    if (typeof linked !== 'boolean') return linked;
    const hash = canonical === undefined ? computeRecordHash(record) : hashCanonicalRecord(canonical, record.prev_hash);
    if (hash !== record.hash) return this.hashBreak(record);
    const expectedPrev = record.seq === 1 ? null : linked ? this.prevHash : record.prev_hash;
    if (record.prev_hash !== expectedPrev) {
      return {
        seq: record.seq,
        reason: 'prev_hash_mismatch',
        detail: `seq ${record.seq} links to ${record.prev_hash ?? 'genesis'}, but the previous event's hash is ${expectedPrev ?? 'genesis'}`,
      };
    }
    this.verified++;
    this.prevHash = record.hash;
    this.expectedSeq = record.seq + 1;
    return null;
  }

  /** true: the record directly follows the previous one; false: after an allowed gap; else the break. */
  private checkPosition(record: AuditRecord): boolean | ChainBreak {
    if (record.seq === this.expectedSeq) return true;
    if (record.seq < this.expectedSeq) {
      return { seq: record.seq, reason: 'reordered', detail: `seq ${record.seq} comes after seq ${this.expectedSeq - 1}` };
    }
    if (this.allowGaps) return false;
    return { seq: this.expectedSeq, reason: 'seq_gap', detail: `seq ${this.expectedSeq} is missing (next event is seq ${record.seq})` };
  }

  /** A hash mismatch is a reordering when the record hashes correctly under another seq. */
  private hashBreak(record: AuditRecord): ChainBreak {
    for (let distance = 1; distance <= this.window; distance++) {
      for (const candidate of [record.seq - distance, record.seq + distance]) {
        if (candidate >= 1 && computeRecordHash({ ...record, seq: candidate }) === record.hash) {
          return { seq: record.seq, reason: 'reordered', detail: `the event at seq ${record.seq} was written as seq ${candidate}` };
        }
      }
    }
    return { seq: record.seq, reason: 'hash_mismatch', detail: `seq ${record.seq} does not hash to its stored hash: its content was changed` };
  }
}
