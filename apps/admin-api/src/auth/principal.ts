import type { FastifyRequest } from 'fastify';
import type { MembershipRole } from '@sluice/db';
import type { Session } from './session.store';

export interface PrincipalMembership {
  orgId: string;
  teamId: string | null;
  role: MembershipRole;
}

/** The signed-in caller, resolved by the AuthGuard for every non-public route. */
export interface Principal {
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

export type AuthenticatedRequest = FastifyRequest & { principal?: Principal };

export function principalOf(request: AuthenticatedRequest): Principal {
  if (!request.principal) throw new Error('principalOf called on a route without the AuthGuard');
  return request.principal;
}
