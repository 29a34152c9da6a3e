import type { EntityManager } from 'typeorm';
import { appendAuditEvent } from '@sluice/audit';
import { auditActorOf, type Caller } from '../auth/principal';
import type { RequestContext } from '../http/request-context';

/** A successful change made through the admin API, before and after as views. */
export interface AuditedChange {
  orgId: string;
  action: string;
  target: { type: string; id: string };
  before: object | null;
  after: object | null;
}

/**
 * Appends the audit event of a change (catalog, tenancy, webhooks, dead letters…); call it last
 * inside the change's transaction. Pass views, never entities: credentials must not reach the trail.
 */
export function auditChange(manager: EntityManager, caller: Caller, change: AuditedChange, context: RequestContext): Promise<unknown> {
  return appendAuditEvent(manager, {
    orgId: change.orgId,
    actor: auditActorOf(caller),
    action: change.action,
    target: change.target,
    before: change.before,
    after: change.after,
    ip: context.ip,
    userAgent: context.userAgent,
    result: 'success',
    requestId: context.requestId,
  });
}
