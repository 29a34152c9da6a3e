import { timingSafeEqual } from 'node:crypto';
import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { Membership, User } from '@sluice/db';
import { ADMIN_API_CONFIG, type AdminApiConfig } from '../config/admin-api-config';
import { Problem } from '../errors/problem';
import { CSRF_HEADER, ORG_HEADER, SESSION_COOKIE } from './auth.constants';
import { PUBLIC_ROUTE, REQUIRED_PERMISSION, SCIM_ROUTE } from './auth.decorators';
import { parseCookies } from './cookies';
import { originAllowed } from './origin-check';
import { rolesHavePermission, type Permission } from './permissions';
import type { AuthenticatedRequest } from './principal';
import { bearerTokenOf, resolveServiceAccountToken } from './service-account-token';
import { SessionStore } from './session.store';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function sameToken(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Global guard: a route is either `@Public()` or declares `@RequirePermission(p)`; anything else is
 * refused (and a unit test fails the build). Resolves the session cookie to a principal, enforces
 * the CSRF token on mutations, picks the organization and checks the caller's roles there.
 * `Authorization: Bearer sat-sluice-…` authenticates a service account instead (no cookie, no CSRF).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionStore,
    private readonly dataSource: DataSource,
    @Inject(ADMIN_API_CONFIG) private readonly config: AdminApiConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    // SCIM routes authenticate with the org's SCIM token in their own controller guard.
    if (this.reflector.getAllAndOverride<boolean>(SCIM_ROUTE, targets)) return true;
    const permission = this.reflector.getAllAndOverride<Permission | undefined>(REQUIRED_PERMISSION, targets);
    if (!permission) throw new Problem(403, 'forbidden', 'This route declares no permission and is closed.');

    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const bearer = bearerTokenOf(request.headers.authorization);
    if (bearer !== null) return this.authenticateServiceAccount(request, bearer, permission);
    const sessionId = parseCookies(request.headers.cookie)[SESSION_COOKIE];
    const session = sessionId ? await this.sessions.touch(sessionId) : null;
    if (!sessionId || !session) throw new Problem(401, 'unauthenticated', 'Sign in first (no valid session).');

    if (!SAFE_METHODS.has(request.method)) {
      if (!originAllowed(request)) throw new Problem(403, 'cross-origin-request', 'Cross-origin requests may not change anything.');
      const token = request.headers[CSRF_HEADER];
      if (typeof token !== 'string' || !sameToken(token, session.csrfToken)) {
        throw new Problem(403, 'csrf-token-invalid', `Send the session's CSRF token in the ${CSRF_HEADER} header.`);
      }
    }

    const user = await this.dataSource.getRepository(User).findOneBy({ id: session.userId });
    if (!user || user.status !== 'active') {
      await this.sessions.destroy(sessionId);
      throw new Problem(401, 'unauthenticated', 'Sign in first (no valid session).');
    }
    const memberships = (await this.dataSource.getRepository(Membership).findBy({ userId: user.id })).map((m) => ({
      orgId: m.orgId,
      teamId: m.teamId,
      role: m.role,
    }));
    const orgIds = [...new Set(memberships.map((m) => m.orgId))];
    const requested = request.headers[ORG_HEADER];
    let orgId: string | null = null;
    if (typeof requested === 'string' && requested.length > 0) {
      if (!orgIds.includes(requested)) throw new Problem(403, 'forbidden', 'You are not a member of that organization.');
      orgId = requested;
    } else if (orgIds.length === 1) {
      orgId = orgIds[0];
    } else if (orgIds.length > 1 && permission !== 'session:read') {
      throw new Problem(400, 'organization-required', `You belong to several organizations: name one in the ${ORG_HEADER} header.`);
    }
    const roles = memberships.filter((m) => m.orgId === orgId).map((m) => m.role);
    if (permission !== 'session:read' && !rolesHavePermission(roles, permission)) {
      throw new Problem(403, 'forbidden', `Your role does not grant ${permission}.`);
    }
    request.principal = { actorType: 'user', sessionId, session, userId: user.id, email: user.email, displayName: user.displayName, memberships, orgId, roles };
    request.caller = request.principal;
    return true;
  }

  private async authenticateServiceAccount(request: AuthenticatedRequest, token: string, permission: Permission): Promise<boolean> {
    const caller = token ? await resolveServiceAccountToken(this.dataSource, this.config.SLUICE_KEY_PEPPER, token) : null;
    if (!caller) throw new Problem(401, 'unauthenticated', 'The bearer token is not valid (unknown, revoked or expired).');
    const requested = request.headers[ORG_HEADER];
    if (typeof requested === 'string' && requested.length > 0 && requested !== caller.orgId) {
      throw new Problem(403, 'forbidden', 'This token belongs to another organization.');
    }
    if (!rolesHavePermission(caller.roles, permission)) throw new Problem(403, 'forbidden', `The service account's role does not grant ${permission}.`);
    request.caller = caller;
    return true;
  }
}
