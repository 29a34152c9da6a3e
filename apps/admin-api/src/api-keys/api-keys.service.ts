import { Inject, Injectable } from '@nestjs/common';
import { DataSource, In, type EntityManager } from 'typeorm';
import { appendAuditEvent } from '@sluice/audit';
import { ApiKey, bumpConfigVersion, Model, Team } from '@sluice/db';
import { generateApiKey } from '@sluice/governance';
import { rolesHavePermission, roleHasPermission } from '../auth/permissions';
import type { Principal } from '../auth/principal';
import { ADMIN_API_CONFIG, type AdminApiConfig } from '../config/admin-api-config';
import { ConfigPublisher } from '../config-publishing/config-publisher';
import { Problem } from '../errors/problem';
import type { RequestContext } from '../http/request-context';
import { toApiKeyView, type ApiKeyView, type CreateApiKeyInput, type ListApiKeysQuery } from './api-key.dto';

export interface ApiKeyWithSecret {
  key: ApiKeyView;
  /** Shown once; only its HMAC is stored. */
  secret: string;
}

interface Access {
  orgId: string;
  seeAny: boolean;
  manageAny: boolean;
  /** Teams whose keys the caller administers (team_admin there). */
  managedTeams: Set<string>;
  /** Teams the caller may create their own keys in. */
  memberTeams: Set<string>;
}

const notFound = () => new Problem(404, 'not-found', 'No API key with this id.');

/** Self-service API keys: object-level authorization, one transaction per mutation (change, config version, audit), publish after commit. */
@Injectable()
export class ApiKeysService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly publisher: ConfigPublisher,
    @Inject(ADMIN_API_CONFIG) private readonly config: AdminApiConfig,
  ) {}

  async list(principal: Principal, query: ListApiKeysQuery): Promise<{ items: ApiKeyView[]; nextCursor: string | null }> {
    const access = accessOf(principal);
    const qb = this.dataSource.getRepository(ApiKey).createQueryBuilder('k').where('k.orgId = :orgId', { orgId: access.orgId });
    if (!access.seeAny) {
      qb.andWhere(access.managedTeams.size ? '(k.userId = :me OR k.teamId IN (:...teams))' : 'k.userId = :me', { me: principal.userId, teams: [...access.managedTeams] });
    }
    if (query.teamId) qb.andWhere('k.teamId = :teamId', { teamId: query.teamId });
    if (query.includeRevoked === 'false') qb.andWhere('k.revokedAt IS NULL');
    if (query.cursor) {
      if (!/^[0-9a-f-]{36}$/.test(query.cursor)) throw new Problem(400, 'invalid-cursor', 'The cursor is not one this API returned.');
      qb.andWhere('(k.createdAt, k.id) < (SELECT c.created_at, c.id FROM api_keys c WHERE c.id = :cursor AND c.org_id = :orgId)', { cursor: query.cursor });
    }
    const rows = await qb.orderBy('k.createdAt', 'DESC').addOrderBy('k.id', 'DESC').take(query.limit + 1).getMany();
    const items = rows.slice(0, query.limit).map(toApiKeyView);
    return { items, nextCursor: rows.length > query.limit ? items[items.length - 1].id : null };
  }

  async create(principal: Principal, input: CreateApiKeyInput, context: RequestContext): Promise<ApiKeyWithSecret> {
    const access = accessOf(principal);
    const team = await this.dataSource.getRepository(Team).findOneBy({ id: input.teamId, orgId: access.orgId });
    if (!team) throw new Problem(404, 'not-found', 'No team with this id.');
    if (!access.manageAny && !access.managedTeams.has(team.id) && !access.memberTeams.has(team.id)) {
      throw new Problem(403, 'forbidden', 'You can create keys only for teams you belong to.');
    }
    if (input.allowedModels.length) {
      const known = await this.dataSource.getRepository(Model).findBy({ orgId: access.orgId, name: In(input.allowedModels) });
      const unknown = input.allowedModels.filter((m) => !known.some((k) => k.name === m));
      if (unknown.length) {
        throw new Problem(400, 'validation-failed', 'Some allowed models are not in the catalog.', unknown.map((m) => ({ path: 'allowedModels', message: `unknown model ${m}` })));
      }
    }
    const generated = generateApiKey(this.config.SLUICE_KEY_PEPPER);
    const { key, version } = await this.dataSource.transaction(async (manager) => {
      const saved = await manager.save(
        manager.create(ApiKey, {
          orgId: access.orgId,
          teamId: team.id,
          userId: principal.userId,
          name: input.name,
          displayPrefix: generated.displayPrefix,
          hash: generated.hash,
          allowedModels: [...new Set(input.allowedModels)],
          metadata: input.metadata,
          expiresAt: input.expiresAt ? new Date(input.expiresAt) : null,
        }),
      );
      const fresh = await manager.findOneByOrFail(ApiKey, { id: saved.id });
      const v = await bumpConfigVersion(manager);
      await this.audit(manager, principal, 'api_key.created', fresh.id, null, toApiKeyView(fresh), context);
      return { key: fresh, version: v };
    });
    await this.publisher.publish(version);
    return { key: toApiKeyView(key), secret: generated.secret };
  }

  async rotate(principal: Principal, id: string, context: RequestContext): Promise<ApiKeyWithSecret> {
    const generated = generateApiKey(this.config.SLUICE_KEY_PEPPER);
    const { key, version } = await this.mutate(principal, id, async (manager, before) => {
      if (before.revokedAt) throw new Problem(409, 'api-key-revoked', 'A revoked key cannot be rotated.');
      await manager.update(ApiKey, { id: before.id }, { hash: generated.hash, displayPrefix: generated.displayPrefix });
      return 'api_key.rotated';
    }, context);
    await this.publisher.publish(version);
    return { key, secret: generated.secret };
  }

  async revoke(principal: Principal, id: string, context: RequestContext): Promise<ApiKeyView> {
    const { key, version } = await this.mutate(principal, id, async (manager, before) => {
      if (before.revokedAt) throw new Problem(409, 'api-key-revoked', 'The key is already revoked.');
      await manager.update(ApiKey, { id: before.id }, { revokedAt: new Date() });
      return 'api_key.revoked';
    }, context);
    await this.publisher.publish(version);
    return key;
  }

  private async mutate(
    principal: Principal,
    id: string,
    change: (manager: EntityManager, before: ApiKey) => Promise<string>,
    context: RequestContext,
  ): Promise<{ key: ApiKeyView; version: number }> {
    const access = accessOf(principal);
    if (!/^[0-9a-f-]{36}$/i.test(id)) throw notFound();
    return this.dataSource.transaction(async (manager) => {
      const before = await manager.findOne(ApiKey, { where: { id, orgId: access.orgId }, lock: { mode: 'pessimistic_write' } });
      if (!before || !canSee(access, principal, before)) throw notFound();
      if (!canManage(access, principal, before)) throw new Problem(403, 'forbidden', 'You may not change this key.');
      const action = await change(manager, before);
      const after = await manager.findOneByOrFail(ApiKey, { id });
      const version = await bumpConfigVersion(manager);
      await this.audit(manager, principal, action, id, toApiKeyView(before), toApiKeyView(after), context);
      return { key: toApiKeyView(after), version };
    });
  }

  private audit(manager: EntityManager, principal: Principal, action: string, keyId: string, before: ApiKeyView | null, after: ApiKeyView, context: RequestContext): Promise<unknown> {
    return appendAuditEvent(manager, {
      orgId: after.orgId,
      actor: { type: 'user', id: principal.userId, authMethod: 'session' },
      action,
      target: { type: 'api_key', id: keyId },
      before,
      after,
      ip: context.ip,
      userAgent: context.userAgent,
      result: 'success',
      requestId: context.requestId,
    });
  }
}

function accessOf(principal: Principal): Access {
  if (!principal.orgId) throw new Problem(403, 'forbidden', 'You are not a member of any organization.');
  const inOrg = principal.memberships.filter((m) => m.orgId === principal.orgId);
  return {
    orgId: principal.orgId,
    seeAny: rolesHavePermission(principal.roles, 'api_keys:read:any'),
    manageAny: rolesHavePermission(principal.roles, 'api_keys:manage:any'),
    managedTeams: new Set(inOrg.filter((m) => m.teamId && roleHasPermission(m.role, 'api_keys:manage:team')).map((m) => m.teamId as string)),
    memberTeams: new Set(inOrg.filter((m) => m.teamId && roleHasPermission(m.role, 'api_keys:manage:own')).map((m) => m.teamId as string)),
  };
}

function canSee(access: Access, principal: Principal, key: ApiKey): boolean {
  return access.seeAny || key.userId === principal.userId || (key.teamId !== null && access.managedTeams.has(key.teamId));
}

function canManage(access: Access, principal: Principal, key: ApiKey): boolean {
  return (
    access.manageAny ||
    (key.teamId !== null && access.managedTeams.has(key.teamId)) ||
    (key.userId === principal.userId && rolesHavePermission(principal.roles, 'api_keys:manage:own'))
  );
}
