import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { appendAuditEvent } from '@sluice/audit';
import { ApiKey, bumpConfigVersion, ServiceAccount, Team } from '@sluice/db';
import { generateApiKey } from '@sluice/governance';
import { rolesHavePermission, roleHasPermission } from '../auth/permissions';
import { actorIdOf, auditActorOf, type Caller, orgIdOf } from '../auth/principal';
import { ADMIN_API_CONFIG, type AdminApiConfig } from '../config/admin-api-config';
import { ConfigPublisher } from '../config-publishing/config-publisher';
import { Problem } from '../errors/problem';
import type { RequestContext } from '../http/request-context';
import { SemanticCachePurges } from '../semantic-cache/semantic-cache-purges';
import { assertCatalogModels } from '../tenancy/catalog-models';
import { usageLabels } from '../analytics/usage-labels';
import { toApiKeyRecord, toApiKeyView, type ApiKeyRecord, type ApiKeyView, type CreateApiKeyInput, type ListApiKeysQuery, type UpdateApiKeyInput } from './api-key.dto';

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

/** The keys as the API answers them: with their teams' names and their owners, one query per kind of name. */
async function viewsOf(manager: EntityManager, orgId: string, keys: readonly ApiKey[]): Promise<ApiKeyView[]> {
  const [teams, users, serviceAccounts] = await Promise.all([
    usageLabels(manager, orgId, 'team', keys.map((k) => k.teamId)),
    usageLabels(manager, orgId, 'user', keys.map((k) => k.userId)),
    usageLabels(manager, orgId, 'service_account', keys.map((k) => k.serviceAccountId)),
  ]);
  const owner = (k: ApiKey) => (k.userId ? users.get(k.userId) : k.serviceAccountId ? serviceAccounts.get(k.serviceAccountId) : undefined) ?? null;
  return keys.map((k) => toApiKeyView(k, k.teamId ? (teams.get(k.teamId) ?? null) : null, owner(k)));
}

/**
 * Self-service API keys: object-level authorization, one transaction per mutation (change, config
 * version, audit), publish after commit. A key belongs to a user or a service account: people and
 * service accounts (bearer tokens) create their own; owners and admins also create keys for a
 * service account and manage those.
 */
@Injectable()
export class ApiKeysService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly publisher: ConfigPublisher,
    @Inject(ADMIN_API_CONFIG) private readonly config: AdminApiConfig,
    private readonly cachePurges: SemanticCachePurges,
  ) {}

  async list(caller: Caller, query: ListApiKeysQuery): Promise<{ items: ApiKeyView[]; nextCursor: string | null }> {
    const access = accessOf(caller);
    const qb = this.dataSource.getRepository(ApiKey).createQueryBuilder('k').where('k.orgId = :orgId', { orgId: access.orgId });
    if (!access.seeAny) {
      const own = caller.actorType === 'user' ? 'k.userId = :me' : 'k.serviceAccountId = :me';
      qb.andWhere(access.managedTeams.size ? `(${own} OR k.teamId IN (:...teams))` : own, { me: actorIdOf(caller), teams: [...access.managedTeams] });
    }
    if (query.teamId) qb.andWhere('k.teamId = :teamId', { teamId: query.teamId });
    if (query.includeRevoked === 'false') qb.andWhere('k.revokedAt IS NULL');
    if (query.cursor) {
      if (!/^[0-9a-f-]{36}$/.test(query.cursor)) throw new Problem(400, 'invalid-cursor', 'The cursor is not one this API returned.');
      qb.andWhere('(k.createdAt, k.id) < (SELECT c.created_at, c.id FROM api_keys c WHERE c.id = :cursor AND c.org_id = :orgId)', { cursor: query.cursor });
    }
    const rows = await qb.orderBy('k.createdAt', 'DESC').addOrderBy('k.id', 'DESC').take(query.limit + 1).getMany();
    const page = rows.slice(0, query.limit);
    const items = await viewsOf(this.dataSource.manager, access.orgId, page);
    return { items, nextCursor: rows.length > query.limit ? items[items.length - 1].id : null };
  }

  async create(caller: Caller, input: CreateApiKeyInput, context: RequestContext): Promise<ApiKeyWithSecret> {
    const access = accessOf(caller);
    if (input.serviceAccountId !== undefined && !access.manageAny) {
      throw new Problem(400, 'validation-failed', 'Only owners and admins create keys for a service account.', [{ path: 'serviceAccountId', message: 'not allowed for your role' }]);
    }
    const team = await this.dataSource.getRepository(Team).findOneBy({ id: input.teamId, orgId: access.orgId });
    if (!team) throw new Problem(404, 'not-found', 'No team with this id.');
    if (!access.manageAny && !access.managedTeams.has(team.id) && !access.memberTeams.has(team.id)) {
      throw new Problem(403, 'forbidden', 'You can create keys only for teams you belong to.');
    }
    const owner = await this.ownerOf(caller, access, input.serviceAccountId);
    const allowedModels = await this.allowedModelsFor(team, [...new Set(input.allowedModels)]);
    const generated = generateApiKey(this.config.SLUICE_KEY_PEPPER);
    const { key, version } = await this.dataSource.transaction(async (manager) => {
      const saved = await manager.save(
        manager.create(ApiKey, {
          orgId: access.orgId,
          teamId: team.id,
          ...owner,
          name: input.name,
          displayPrefix: generated.displayPrefix,
          hash: generated.hash,
          allowedModels,
          metadata: input.metadata,
          expiresAt: input.expiresAt ? new Date(input.expiresAt) : null,
        }),
      );
      const fresh = await manager.findOneByOrFail(ApiKey, { id: saved.id });
      const v = await bumpConfigVersion(manager);
      await this.audit(manager, caller, 'api_key.created', fresh.id, null, toApiKeyRecord(fresh), context);
      return { key: fresh, version: v };
    });
    await this.publisher.publish(version);
    const [view] = await viewsOf(this.dataSource.manager, access.orgId, [key]);
    return { key: view, secret: generated.secret };
  }

  async update(caller: Caller, id: string, input: UpdateApiKeyInput, context: RequestContext): Promise<ApiKeyView> {
    const { key, version } = await this.mutate(caller, id, async (manager, before) => {
      if (before.revokedAt) throw new Problem(409, 'api-key-revoked', 'A revoked key cannot be changed.');
      await manager.update(ApiKey, { id: before.id }, {
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.metadata !== undefined ? { metadata: input.metadata } : {}),
        ...(input.expiresAt !== undefined ? { expiresAt: input.expiresAt === null ? null : new Date(input.expiresAt) } : {}),
      });
      return 'api_key.updated';
    }, context);
    await this.publisher.publish(version);
    return key;
  }

  /**
   * New secret. With a grace period the replaced secret keeps working until it ends (the gateway
   * snapshot carries its hash with that expiry); a second rotation ends the first one's grace.
   */
  async rotate(caller: Caller, id: string, gracePeriodSeconds: number, context: RequestContext): Promise<ApiKeyWithSecret> {
    const generated = generateApiKey(this.config.SLUICE_KEY_PEPPER);
    const { key, version } = await this.mutate(caller, id, async (manager, before) => {
      if (before.revokedAt) throw new Problem(409, 'api-key-revoked', 'A revoked key cannot be rotated.');
      const grace = gracePeriodSeconds > 0 ? { previousHash: before.hash, previousHashExpiresAt: new Date(Date.now() + gracePeriodSeconds * 1000) } : { previousHash: null, previousHashExpiresAt: null };
      await manager.update(ApiKey, { id: before.id }, { hash: generated.hash, displayPrefix: generated.displayPrefix, ...grace });
      return 'api_key.rotated';
    }, context);
    await this.publisher.publish(version);
    return { key, secret: generated.secret };
  }

  /** Ends the key at once, including a rotation's grace period. */
  async revoke(caller: Caller, id: string, context: RequestContext): Promise<ApiKeyView> {
    const { key, version } = await this.mutate(caller, id, async (manager, before) => {
      if (before.revokedAt) throw new Problem(409, 'api-key-revoked', 'The key is already revoked.');
      await manager.update(ApiKey, { id: before.id }, { revokedAt: new Date(), previousHash: null, previousHashExpiresAt: null });
      return 'api_key.revoked';
    }, context);
    await this.publisher.publish(version);
    await this.cachePurges.afterKeyRevoked({ orgId: accessOf(caller).orgId, teamId: key.teamId });
    return key;
  }

  /** The key's owner columns: the caller, or (owners/admins) a service account of the org. */
  private async ownerOf(caller: Caller, access: Access, serviceAccountId: string | undefined): Promise<{ userId: string | null; serviceAccountId: string | null }> {
    if (serviceAccountId === undefined) {
      return caller.actorType === 'user' ? { userId: caller.userId, serviceAccountId: null } : { userId: null, serviceAccountId: caller.serviceAccountId };
    }
    const account = await this.dataSource.getRepository(ServiceAccount).findOneBy({ id: serviceAccountId, orgId: access.orgId });
    if (!account) throw new Problem(404, 'not-found', 'No service account with this id.');
    if (account.disabledAt) throw new Problem(409, 'service-account-disabled', 'The service account is disabled.');
    return { userId: null, serviceAccountId: account.id };
  }

  /**
   * Models must be in the org's catalog and, when the team has an allow-list, on it (400 naming the
   * others). A key without its own list on such a team gets the team's list, so the gateway enforces it.
   */
  private async allowedModelsFor(team: Team, requested: string[]): Promise<string[]> {
    await assertCatalogModels(this.dataSource.manager, team.orgId, requested, 'allowedModels');
    if (team.allowedModels.length === 0) return requested;
    if (requested.length === 0) return [...team.allowedModels];
    const outside = requested.filter((m) => !team.allowedModels.includes(m));
    if (outside.length) {
      throw new Problem(400, 'model-not-allowed-for-team', 'Some models are not allowed for this team (request access to them first).', outside.map((m) => ({ path: 'allowedModels', message: `model ${m} is not allowed for the team` })));
    }
    return requested;
  }

  private async mutate(
    caller: Caller,
    id: string,
    change: (manager: EntityManager, before: ApiKey) => Promise<string>,
    context: RequestContext,
  ): Promise<{ key: ApiKeyView; version: number }> {
    const access = accessOf(caller);
    if (!/^[0-9a-f-]{36}$/i.test(id)) throw notFound();
    return this.dataSource.transaction(async (manager) => {
      const before = await manager.findOne(ApiKey, { where: { id, orgId: access.orgId }, lock: { mode: 'pessimistic_write' } });
      if (!before || !canSee(access, caller, before)) throw notFound();
      if (!canManage(access, caller, before)) throw new Problem(403, 'forbidden', 'You may not change this key.');
      const action = await change(manager, before);
      const after = await manager.findOneByOrFail(ApiKey, { id });
      const version = await bumpConfigVersion(manager);
      await this.audit(manager, caller, action, id, toApiKeyRecord(before), toApiKeyRecord(after), context);
      const [view] = await viewsOf(manager, access.orgId, [after]);
      return { key: view, version };
    });
  }

  private audit(manager: EntityManager, caller: Caller, action: string, keyId: string, before: ApiKeyRecord | null, after: ApiKeyRecord, context: RequestContext): Promise<unknown> {
    return appendAuditEvent(manager, {
      orgId: after.orgId,
      actor: auditActorOf(caller),
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

function accessOf(caller: Caller): Access {
  const orgId = orgIdOf(caller);
  const inOrg = caller.memberships.filter((m) => m.orgId === orgId);
  return {
    orgId,
    seeAny: rolesHavePermission(caller.roles, 'api_keys:read:any'),
    manageAny: rolesHavePermission(caller.roles, 'api_keys:manage:any'),
    managedTeams: new Set(inOrg.filter((m) => m.teamId && roleHasPermission(m.role, 'api_keys:manage:team')).map((m) => m.teamId as string)),
    memberTeams: new Set(inOrg.filter((m) => m.teamId && roleHasPermission(m.role, 'api_keys:manage:own')).map((m) => m.teamId as string)),
  };
}

function ownsKey(caller: Caller, key: ApiKey): boolean {
  return caller.actorType === 'user' ? key.userId === caller.userId : key.serviceAccountId === caller.serviceAccountId;
}

function canSee(access: Access, caller: Caller, key: ApiKey): boolean {
  return access.seeAny || ownsKey(caller, key) || (key.teamId !== null && access.managedTeams.has(key.teamId));
}

/** A service account's keys are managed by owners and admins only (and by the account itself). */
function canManage(access: Access, caller: Caller, key: ApiKey): boolean {
  if (access.manageAny) return true;
  if (ownsKey(caller, key)) return rolesHavePermission(caller.roles, 'api_keys:manage:own');
  return key.serviceAccountId === null && key.teamId !== null && access.managedTeams.has(key.teamId);
}
