import type { EntityManager } from 'typeorm';
import { appendAuditEvent } from '@sluice/audit';
import { auditActorOf, type Caller } from '../auth/principal';
import type { RequestContext } from '../http/request-context';

export interface TenancyAuditEvent {
  orgId: string;
  action: string;
  target: { type: string; id: string };
  before: object | null;
  after: object | null;
}

/** Appends the audit event of a tenancy change; call it last inside the change's transaction. */
export function auditTenancyChange(manager: EntityManager, caller: Caller, event: TenancyAuditEvent, context: RequestContext): Promise<unknown> {
  return appendAuditEvent(manager, {
    orgId: event.orgId,
    actor: auditActorOf(caller),
    action: event.action,
    target: event.target,
    before: event.before,
    after: event.after,
    ip: context.ip,
    userAgent: context.userAgent,
    result: 'success',
    requestId: context.requestId,
  });
}
