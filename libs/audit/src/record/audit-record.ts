import { createHash, hash as oneShotHash } from 'node:crypto';
import { z } from 'zod';
import { canonicalJson, type JsonValue } from './canonical-json';

export const ACTOR_TYPES = ['user', 'service_account', 'system', 'scim', 'anonymous'] as const;
export type ActorType = (typeof ACTOR_TYPES)[number];

export const AUTH_METHODS = ['password', 'oidc', 'saml', 'session', 'api_key', 'scim_token', 'break_glass', 'system', 'none'] as const;
export type AuthMethod = (typeof AUTH_METHODS)[number];

export const AUDIT_RESULTS = ['success', 'failure', 'denied'] as const;
export type AuditResult = (typeof AUDIT_RESULTS)[number];

/**
 * The value the first event of every org chains from: 64 ASCII zeros. It is used only inside the
 * hash input; the stored `prev_hash` of seq 1 is NULL (enforced by a CHECK constraint).
 */
export const GENESIS_PREV_HASH = '0'.repeat(64);

/** Columns of `audit_events` covered by the hash, i.e. all of them except `hash`. Also the export columns. */
export const HASHED_COLUMNS = [
  'id', 'org_id', 'seq', 'occurred_at', 'actor_type', 'actor_id', 'actor_auth_method', 'action',
  'target_type', 'target_id', 'before', 'after', 'ip', 'user_agent', 'result', 'request_id', 'prev_hash',
] as const;

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);
const isoMs = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/, 'UTC ISO timestamp with milliseconds');
const jsonObject = z.record(z.string(), z.json()).nullable();

/**
 * One audit event in its canonical, language-neutral shape: the database's snake_case column names,
 * `occurred_at` as a UTC ISO string with milliseconds, `seq` as a JSON number. This is what is
 * hashed (without `hash`), what a JSONL export line holds and what the CSV columns carry.
 */
export const auditRecordSchema = z.strictObject({
  id: z.uuid(),
  org_id: z.uuid(),
  seq: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  occurred_at: isoMs,
  actor_type: z.string(),
  actor_id: z.string().nullable(),
  actor_auth_method: z.string().nullable(),
  action: z.string(),
  target_type: z.string().nullable(),
  target_id: z.string().nullable(),
  before: jsonObject,
  after: jsonObject,
  ip: z.string().nullable(),
  user_agent: z.string().nullable(),
  result: z.string(),
  request_id: z.string().nullable(),
  prev_hash: hex64.nullable(),
  hash: hex64,
});
export type AuditRecord = z.infer<typeof auditRecordSchema>;

/** The canonical form of a timestamp: UTC ISO 8601 with exactly three fractional digits. */
export function canonicalTimestamp(value: Date): string {
  if (Number.isNaN(value.getTime())) throw new TypeError('invalid timestamp');
  return value.toISOString();
}

/**
 * `occurred_at` is read as text with microseconds (see `AUDIT_ROW_SELECT`) so that an edit below the
 * millisecond is not hidden by JavaScript's millisecond dates: such a value is kept as it is and
 * can never match the hash, which was computed over a millisecond timestamp.
 */
export function timestampFromDb(text: string): string {
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3})000Z$/.exec(text);
  return match ? `${match[1]}Z` : text;
}

/** The canonical serialisation of a record: RFC 8785 JSON of every column except `hash`. */
export function canonicalRecord(record: Omit<AuditRecord, 'hash'> & { hash?: string }): string {
  const hashed: { [key: string]: JsonValue } = {};
  for (const column of HASHED_COLUMNS) hashed[column] = record[column] as JsonValue;
  return canonicalJson(hashed);
}

/**
 * `hash = hex(SHA-256( UTF-8(canonicalRecord) ‖ ASCII(prev_hash ?? GENESIS_PREV_HASH) ))`.
 * The previous hash is appended as its 64 lowercase hex characters.
 */
export function computeRecordHash(record: Omit<AuditRecord, 'hash'> & { hash?: string }): string {
  return hashCanonicalRecord(canonicalRecord(record), record.prev_hash);
}

/** `computeRecordHash` for a record whose `canonicalRecord` is at hand already. */
export function hashCanonicalRecord(canonical: string, prevHash: string | null): string {
  // The previous hash is ASCII hex, so one UTF-8 string hashes to the same bytes. The one-shot
  // crypto.hash (Node >= 20.12) costs about half of a Hash object, which counts per exported event.
  const input = canonical + (prevHash ?? GENESIS_PREV_HASH);
  return typeof oneShotHash === 'function' ? oneShotHash('sha256', input, 'hex') : createHash('sha256').update(input, 'utf8').digest('hex');
}

/** A raw `audit_events` row as node-postgres returns it (bigint as string, timestamptz as Date). */
export interface AuditEventRow {
  id: string;
  org_id: string;
  seq: string | number;
  /** UTC text with microseconds, from `AUDIT_ROW_SELECT`. */
  occurred_at: string;
  actor_type: string;
  actor_id: string | null;
  actor_auth_method: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  before: { [key: string]: JsonValue } | null;
  after: { [key: string]: JsonValue } | null;
  ip: string | null;
  user_agent: string | null;
  result: string;
  request_id: string | null;
  prev_hash: string | null;
  hash: string;
}

/** The SELECT list that yields `AuditEventRow`s (`occurred_at` as UTC text with microseconds). */
export const AUDIT_ROW_SELECT = [...HASHED_COLUMNS, 'hash']
  .map((c) => (c === 'occurred_at' ? `to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS occurred_at` : c))
  .join(', ');

export function recordFromRow(row: AuditEventRow): AuditRecord {
  return {
    id: row.id,
    org_id: row.org_id,
    seq: Number(row.seq),
    occurred_at: timestampFromDb(row.occurred_at),
    actor_type: row.actor_type,
    actor_id: row.actor_id,
    actor_auth_method: row.actor_auth_method,
    action: row.action,
    target_type: row.target_type,
    target_id: row.target_id,
    before: row.before,
    after: row.after,
    ip: row.ip,
    user_agent: row.user_agent,
    result: row.result,
    request_id: row.request_id,
    prev_hash: row.prev_hash,
    hash: row.hash,
  };
}
