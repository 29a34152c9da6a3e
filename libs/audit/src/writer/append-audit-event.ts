import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { AUDIT_ROW_SELECT, canonicalTimestamp, computeRecordHash, recordFromRow, type AuditEventRow, type AuditRecord } from '../record/audit-record';
import { auditEventInputSchema, type AuditEventInput } from './audit-event-input';

/**
 * First key of the two-key advisory lock that serialises appends per org; the second key is
 * `hashtext(org_id)`. Two orgs colliding on the 32-bit hash only share a lock, never a chain.
 */
export const AUDIT_APPEND_LOCK_NAMESPACE = 0x5a0d17;

export class AuditAppendError extends Error {
  override name = 'AuditAppendError';
}

/**
 * Appends one event to the org's hash chain inside the caller's transaction, so the event commits
 * or rolls back with the change it describes. Appends of one org are serialised by a transaction-
 * scoped advisory lock held until the caller commits: call it as the **last** statement of the
 * transaction to keep that window short and to avoid lock-order deadlocks. Requires READ COMMITTED
 * (the default): a snapshot taken before the lock could not see the latest event.
 *
 * Throws (and the caller's transaction must roll back) on invalid input.
 */
export async function appendAuditEvent(manager: EntityManager, input: AuditEventInput): Promise<AuditRecord> {
  const event = auditEventInputSchema.parse(input);
  const runner = manager.queryRunner;
  if (!runner?.isTransactionActive) throw new AuditAppendError('appendAuditEvent must run inside a transaction (manager of dataSource.transaction(...))');

  const [lock] = (await manager.query(
    `SELECT current_setting('transaction_isolation') AS isolation,
            pg_advisory_xact_lock($1, hashtext($2)) IS NULL AS locked`,
    [AUDIT_APPEND_LOCK_NAMESPACE, event.orgId],
  )) as Array<{ isolation: string }>;
  if (lock.isolation !== 'read committed') throw new AuditAppendError(`appendAuditEvent needs READ COMMITTED, not ${lock.isolation}`);

  // A new statement after the lock: its snapshot sees every event committed before we got the lock.
  const [head] = (await manager.query(
    `SELECT seq, hash, date_trunc('milliseconds', clock_timestamp()) AS now
       FROM (SELECT 1) AS one
       LEFT JOIN LATERAL (SELECT seq, hash FROM audit_events WHERE org_id = $1 ORDER BY seq DESC LIMIT 1) AS last ON true`,
    [event.orgId],
  )) as Array<{ seq: string | null; hash: string | null; now: Date }>;

  const unsigned: Omit<AuditRecord, 'hash'> = {
    id: randomUUID(),
    org_id: event.orgId,
    seq: head.seq === null ? 1 : Number(head.seq) + 1,
    occurred_at: canonicalTimestamp(head.now),
    actor_type: event.actor.type,
    actor_id: event.actor.id ?? null,
    actor_auth_method: event.actor.authMethod,
    action: event.action,
    target_type: event.target?.type ?? null,
    target_id: event.target?.id ?? null,
    before: event.before ?? null,
    after: event.after ?? null,
    ip: event.ip ?? null,
    user_agent: event.userAgent,
    result: event.result,
    request_id: event.requestId ?? null,
    prev_hash: head.hash,
  };
  const record: AuditRecord = { ...unsigned, hash: computeRecordHash(unsigned) };

  const [stored] = (await manager.query(
    `INSERT INTO audit_events (id, org_id, seq, occurred_at, actor_type, actor_id, actor_auth_method, action, target_type, target_id,
                               before, after, ip, user_agent, result, request_id, prev_hash, hash)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
     RETURNING ${AUDIT_ROW_SELECT}`,
    [
      record.id, record.org_id, record.seq, record.occurred_at, record.actor_type, record.actor_id, record.actor_auth_method,
      record.action, record.target_type, record.target_id, jsonParam(record.before), jsonParam(record.after), record.ip,
      record.user_agent, record.result, record.request_id, record.prev_hash, record.hash,
    ],
  )) as AuditEventRow[];

  // What the database kept must hash to what we computed (jsonb and timestamptz round trips), else
  // the event could never be verified: fail now, inside the transaction, rather than later in an audit.
  const roundTrip = recordFromRow(stored);
  if (computeRecordHash(roundTrip) !== record.hash) throw new AuditAppendError('audit event did not round-trip through the database unchanged');
  return roundTrip;
}

function jsonParam(value: object | null): string | null {
  return value === null ? null : JSON.stringify(value);
}
