import type { EntityManager } from 'typeorm';
import { appendAuditEvent, type AuthMethod } from '@sluice/audit';
import type { Principal } from '../auth/principal';
import type { RequestContext } from '../http/request-context';

export interface SsoAuditEvent {
  orgId: string;
  action: string;
  target: { type: string; id: string | null };
  before?: unknown;
  after?: unknown;
  result?: 'success' | 'failure' | 'denied';
}

/** An admin's change to SSO/SCIM configuration, in the caller's transaction. */
export function auditAdminChange(manager: EntityManager, principal: Principal, event: SsoAuditEvent, context: RequestContext): Promise<unknown> {
  return appendAuditEvent(manager, {
    orgId: event.orgId,
    actor: { type: 'user', id: principal.userId, authMethod: 'session' },
    action: event.action,
    target: event.target,
    before: event.before ?? null,
    after: event.after ?? null,
    ip: context.ip,
    userAgent: context.userAgent,
    result: event.result ?? 'success',
    requestId: context.requestId,
  });
}

export interface IdpActor {
  /** The user signing in, or the SCIM token making the change; null = anonymous (unknown user). */
  userId?: string | null;
  scimTokenId?: string;
  authMethod: AuthMethod;
}

/** A sign-in or provisioning event caused by an IdP or a SCIM client. */
export function auditIdpEvent(manager: EntityManager, actor: IdpActor, event: SsoAuditEvent, context: RequestContext): Promise<unknown> {
  const auditActor = actor.scimTokenId
    ? { type: 'scim' as const, id: actor.scimTokenId, authMethod: actor.authMethod }
    : actor.userId
      ? { type: 'user' as const, id: actor.userId, authMethod: actor.authMethod }
      : { type: 'anonymous' as const, authMethod: actor.authMethod };
  return appendAuditEvent(manager, {
    orgId: event.orgId,
    actor: auditActor,
    action: event.action,
    target: event.target,
    before: event.before ?? null,
    after: event.after ?? null,
    ip: context.ip,
    userAgent: context.userAgent,
    result: event.result ?? 'success',
    requestId: context.requestId,
  });
}
