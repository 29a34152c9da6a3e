import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { DataSource, IsNull } from 'typeorm';
import { ScimToken } from '@sluice/db';
import { ADMIN_API_CONFIG, type AdminApiConfig } from '../config/admin-api-config';
import { ScimError } from './scim-error';
import { hashScimToken } from './scim-tokens.service';

/** Who is calling a SCIM route: the org and the token (the audit actor). */
export interface ScimCaller {
  orgId: string;
  tokenId: string;
  revokeKeysOnDeactivate: boolean;
}

export type ScimRequest = FastifyRequest & { scim?: ScimCaller };

export function scimCallerOf(request: ScimRequest): ScimCaller {
  if (!request.scim) throw new Error('scimCallerOf called on a route without the ScimTokenGuard');
  return request.scim;
}

/** Authenticates `Authorization: Bearer scim_…` against the org's (hashed, unrevoked) SCIM tokens. */
@Injectable()
export class ScimTokenGuard implements CanActivate {
  constructor(private readonly dataSource: DataSource, @Inject(ADMIN_API_CONFIG) private readonly config: AdminApiConfig) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<ScimRequest>();
    const match = /^Bearer\s+(scim_[A-Za-z0-9_-]{43})$/.exec(request.headers.authorization ?? '');
    if (!match) throw new ScimError(401, 'Send the SCIM bearer token in the Authorization header.');
    const token = await this.dataSource.getRepository(ScimToken).findOneBy({ hash: hashScimToken(match[1], this.config.SLUICE_KEY_PEPPER), revokedAt: IsNull() });
    if (!token) throw new ScimError(401, 'The SCIM token is unknown or revoked.');
    request.scim = { orgId: token.orgId, tokenId: token.id, revokeKeysOnDeactivate: token.revokeKeysOnDeactivate };
    await this.dataSource.getRepository(ScimToken).update({ id: token.id }, { lastUsedAt: new Date() });
    return true;
  }
}
