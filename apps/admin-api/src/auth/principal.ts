import type { FastifyRequest } from 'fastify';
import type { MembershipRole } from '@sluice/db';
import { Problem } from '../errors/problem';
import type { Session } from './session.store';

export interface PrincipalMembership {
  orgId: string;
  teamId: string | null;
  role: MembershipRole;
}

/** The signed-in caller (session cookie), resolved by the AuthGuard for every non-public route. */
export interface Principal {
  actorType: 'user';
  sessionId: string;
  session: Session;
  userId: string;
  email: string;
  displayName: string;
  memberships: PrincipalMembership[];
  /** The organization this request acts in (the caller's only org, or the `x-sluice-org` header). */
  orgId: string | null;
  /** Roles in `orgId` (org-wide and per-team). */
  roles: MembershipRole[];
}

/** A service account calling with `Authorization: Bearer sat-sluice-…` (no session, no CSRF). */
export interface ServiceAccountPrincipal {
  actorType: 'service_account';
  serviceAccountId: string;
  /** The bearer token used for this request. */
  tokenId: string;
  name: string;
  /** One membership: the account's role, scoped to its team for team_admin/developer. */
  memberships: PrincipalMembership[];
  orgId: string;
  roles: MembershipRole[];
}

/** Whoever called: a person with a session or a service account with a bearer token. */
export type Caller = Principal | ServiceAccountPrincipal;

export type AuthenticatedRequest = FastifyRequest & { principal?: Principal; caller?: Caller };

/** The signed-in person. Routes that only make sense with a session (login state, CSRF) use this; service accounts get a 403. */
export function principalOf(request: AuthenticatedRequest): Principal {
  if (request.caller?.actorType === 'service_account') {
    throw new Problem(403, 'session-required', 'This route needs a signed-in user; service account tokens cannot use it.');
  }
  if (!request.principal) throw new Error('principalOf called on a route without the AuthGuard');
  return request.principal;
}

/** The organization the caller acts in; a caller without one gets a 403. */
export function orgIdOf(caller: Caller): string {
  if (!caller.orgId) throw new Problem(403, 'forbidden', 'You are not a member of any organization.');
  return caller.orgId;
}

/** The caller of a route that serves people and service accounts alike. */
export function callerOf(request: AuthenticatedRequest): Caller {
  if (!request.caller) throw new Error('callerOf called on a route without the AuthGuard');
  return request.caller;
}

/** The caller's id: a user id or a service account id. */
export function actorIdOf(caller: Caller): string {
  return caller.actorType === 'user' ? caller.userId : caller.serviceAccountId;
}

/** How the caller appears in the audit trail (a service account's bearer token is recorded as `api_key`). */
export function auditActorOf(caller: Caller): { type: 'user' | 'service_account'; id: string; authMethod: 'session' | 'api_key' } {
  return caller.actorType === 'user'
    ? { type: 'user', id: caller.userId, authMethod: 'session' }
    : { type: 'service_account', id: caller.serviceAccountId, authMethod: 'api_key' };
}
