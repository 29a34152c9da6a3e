import type { EntityManager } from 'typeorm';
import { appendAuditEvent } from '@sluice/audit';
import { auditActorOf, type Caller } from '../auth/principal';
import { Problem } from '../errors/problem';
import type { RequestContext } from '../http/request-context';

export interface CatalogAuditEvent {
  orgId: string;
  action: string;
  target: { type: string; id: string };
  before: object | null;
  after: object | null;
}

/**
 * Appends the audit event of a provider, model, deployment or model-access change; call it last
 * inside the change's transaction. Pass views, never entities: credentials must not reach the trail.
 */
export function auditCatalogChange(manager: EntityManager, caller: Caller, event: CatalogAuditEvent, context: RequestContext): Promise<unknown> {
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

/** The organization the caller acts in. */
export function orgIdOf(caller: Caller): string {
  if (!caller.orgId) throw new Problem(403, 'forbidden', 'You are not a member of any organization.');
  return caller.orgId;
}

/** A unique-constraint violation from Postgres (23505), e.g. a duplicate name. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const e = error as { code?: string; constraint?: string; driverError?: { code?: string; constraint?: string } };
  const code = e.driverError?.code ?? e.code;
  const name = e.driverError?.constraint ?? e.constraint;
  return code === '23505' && (constraint === undefined || name === constraint);
}
