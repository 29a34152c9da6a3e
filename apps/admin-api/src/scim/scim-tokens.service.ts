import { createHmac, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { ScimToken } from '@sluice/db';
import { orgIdOf, type Principal } from '../auth/principal';
import { ADMIN_API_CONFIG, type AdminApiConfig } from '../config/admin-api-config';
import { Problem } from '../errors/problem';
import type { RequestContext } from '../http/request-context';
import { auditAdminChange } from '../sso/sso-audit';

export const createScimTokenSchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  revokeKeysOnDeactivate: z.boolean().default(true).describe("Deactivating a user through SCIM also revokes the user's API keys in the org"),
});
export const scimTokenViewSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  displayPrefix: z.string(),
  revokeKeysOnDeactivate: z.boolean(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type ScimTokenView = z.infer<typeof scimTokenViewSchema>;
export const listScimTokensQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().optional(),
  includeRevoked: z.enum(['true', 'false']).default('false'),
});

const toView = (t: ScimToken): ScimTokenView => ({
  id: t.id,
  name: t.name,
  displayPrefix: t.displayPrefix,
  revokeKeysOnDeactivate: t.revokeKeysOnDeactivate,
  createdAt: t.createdAt.toISOString(),
  lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
  revokedAt: t.revokedAt?.toISOString() ?? null,
});

/** HMAC-SHA-256 with the server pepper, like API keys: a database dump yields no usable token. */
export function hashScimToken(secret: string, pepper: string): string {
  return createHmac('sha256', pepper).update(`scim:${secret}`).digest('hex');
}

/** Per-org SCIM bearer tokens: shown once at creation, stored hashed, revocable. */
@Injectable()
export class ScimTokensService {
  constructor(private readonly dataSource: DataSource, @Inject(ADMIN_API_CONFIG) private readonly config: AdminApiConfig) {}

  async list(principal: Principal, query: z.output<typeof listScimTokensQuerySchema>): Promise<{ items: ScimTokenView[]; nextCursor: string | null }> {
    const orgId = orgIdOf(principal);
    const qb = this.dataSource.getRepository(ScimToken).createQueryBuilder('t').where('t.orgId = :orgId', { orgId });
    if (query.includeRevoked === 'false') qb.andWhere('t.revokedAt IS NULL');
    if (query.cursor) {
      if (!/^[0-9a-f-]{36}$/.test(query.cursor)) throw new Problem(400, 'invalid-cursor', 'The cursor is not one this API returned.');
      qb.andWhere('(t.createdAt, t.id) < (SELECT c.created_at, c.id FROM scim_tokens c WHERE c.id = :cursor AND c.org_id = :orgId)', { cursor: query.cursor });
    }
    const rows = await qb.orderBy('t.createdAt', 'DESC').addOrderBy('t.id', 'DESC').take(query.limit + 1).getMany();
    const items = rows.slice(0, query.limit).map(toView);
    return { items, nextCursor: rows.length > query.limit ? items[items.length - 1].id : null };
  }

  async create(principal: Principal, input: z.output<typeof createScimTokenSchema>, context: RequestContext): Promise<{ token: ScimTokenView; secret: string }> {
    const orgId = orgIdOf(principal);
    const secret = `scim_${randomBytes(32).toString('base64url')}`;
    const token = await this.dataSource.transaction(async (manager) => {
      const saved = await manager.save(
        manager.create(ScimToken, { orgId, name: input.name, displayPrefix: secret.slice(0, 13), hash: hashScimToken(secret, this.config.SLUICE_KEY_PEPPER), revokeKeysOnDeactivate: input.revokeKeysOnDeactivate, createdBy: principal.userId }),
      );
      const view = toView(await manager.findOneByOrFail(ScimToken, { id: saved.id }));
      await auditAdminChange(manager, principal, { orgId, action: 'scim.token_created', target: { type: 'scim_token', id: view.id }, after: view }, context);
      return view;
    });
    return { token, secret };
  }

  async revoke(principal: Principal, id: string, context: RequestContext): Promise<ScimTokenView> {
    const orgId = orgIdOf(principal);
    return this.dataSource.transaction(async (manager) => {
      const before = /^[0-9a-f-]{36}$/i.test(id) ? await manager.findOne(ScimToken, { where: { id, orgId }, lock: { mode: 'pessimistic_write' } }) : null;
      if (!before) throw new Problem(404, 'not-found', 'No SCIM token with this id.');
      if (before.revokedAt) throw new Problem(409, 'scim-token-revoked', 'The token is already revoked.');
      await manager.update(ScimToken, { id }, { revokedAt: new Date() });
      const after = toView(await manager.findOneByOrFail(ScimToken, { id }));
      await auditAdminChange(manager, principal, { orgId, action: 'scim.token_revoked', target: { type: 'scim_token', id }, before: toView(before), after }, context);
      return after;
    });
  }
}
