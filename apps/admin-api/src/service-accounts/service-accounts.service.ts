import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { bumpConfigVersion, ServiceAccount, ServiceAccountToken, Team } from '@sluice/db';
import { orgIdOf, type Caller, type Principal } from '../auth/principal';
import { generateServiceAccountToken } from '../auth/service-account-token';
import { ADMIN_API_CONFIG, type AdminApiConfig } from '../config/admin-api-config';
import { ConfigPublisher } from '../config-publishing/config-publisher';
import { Problem } from '../errors/problem';
import type { RequestContext } from '../http/request-context';
import { isUuid, likePattern, pageOf, parseSort, type SortField } from '../tenancy/list-query';
import {
  SERVICE_ACCOUNT_SORTS,
  toServiceAccountView,
  toTokenView,
  type CreateServiceAccountInput,
  type CreateTokenInput,
  type ListServiceAccountsQuery,
  type ListTokensQuery,
  type ServiceAccountView,
  type TokenView,
  type UpdateServiceAccountInput,
} from './service-account.dto';
import { auditChange } from '../audit/audit-change';

const SORT_FIELDS: Record<(typeof SERVICE_ACCOUNT_SORTS)[number], SortField> = {
  name: { property: 'name', table: 'service_accounts', column: 'name' },
  createdAt: { property: 'createdAt', table: 'service_accounts', column: 'created_at' },
};

const accountNotFound = () => new Problem(404, 'not-found', 'No service account with this id.');
const TEAM_ROLES = new Set(['team_admin', 'developer']);

/**
 * Service accounts of the caller's org and their bearer tokens. Owners and admins (people, not
 * other service accounts) manage them; auditors read them. A token is shown once and stored only
 * as its HMAC. Not data-plane relevant: the gateway never sees these tokens.
 */
@Injectable()
export class ServiceAccountsService {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(ADMIN_API_CONFIG) private readonly config: AdminApiConfig,
    private readonly publisher: ConfigPublisher,
  ) {}

  async list(caller: Caller, query: ListServiceAccountsQuery): Promise<{ items: ServiceAccountView[]; nextCursor: string | null }> {
    const qb = this.dataSource.getRepository(ServiceAccount).createQueryBuilder('a').where('a.orgId = :orgId', { orgId: orgIdOf(caller) });
    if (query.teamId) qb.andWhere('a.teamId = :teamId', { teamId: query.teamId });
    if (query.role) qb.andWhere('a.role = :role', { role: query.role });
    if (query.q) qb.andWhere(`a.name ILIKE :q ESCAPE '\\'`, { q: likePattern(query.q) });
    if (query.includeDisabled === 'false') qb.andWhere('a.disabledAt IS NULL');
    const { field, descending } = parseSort(query.sort);
    const { rows, nextCursor } = await pageOf(qb, 'a', SORT_FIELDS[field], descending, query.cursor, query.limit);
    return { items: rows.map(toServiceAccountView), nextCursor };
  }

  async get(caller: Caller, id: string): Promise<ServiceAccountView> {
    return toServiceAccountView(await this.account(this.dataSource.manager, orgIdOf(caller), id));
  }

  async create(principal: Principal, input: CreateServiceAccountInput, context: RequestContext): Promise<ServiceAccountView> {
    const orgId = orgIdOf(principal);
    return this.dataSource.transaction(async (manager) => {
      await this.assertTeamFits(manager, orgId, input.role, input.teamId);
      await this.assertNameFree(manager, orgId, input.name, null);
      const saved = await manager.save(manager.create(ServiceAccount, { orgId, name: input.name, description: input.description, role: input.role, teamId: input.teamId }));
      const view = toServiceAccountView(await manager.findOneByOrFail(ServiceAccount, { id: saved.id }));
      await auditChange(manager, principal, { orgId, action: 'service_account.created', target: { type: 'service_account', id: saved.id }, before: null, after: view }, context);
      return view;
    });
  }

  /** Disabling (or enabling) an account publishes a config version: gateways stop (or resume) accepting its API keys. */
  async update(principal: Principal, id: string, input: UpdateServiceAccountInput, context: RequestContext): Promise<ServiceAccountView> {
    const orgId = orgIdOf(principal);
    const { view, version } = await this.dataSource.transaction(async (manager) => {
      const before = await this.account(manager, orgId, id, true);
      const role = input.role ?? before.role;
      const teamId = input.teamId !== undefined ? input.teamId : before.teamId;
      if (input.role !== undefined || input.teamId !== undefined) await this.assertTeamFits(manager, orgId, role, teamId);
      if (input.name !== undefined && input.name !== before.name) await this.assertNameFree(manager, orgId, input.name, before.id);
      const disabledAt = input.disabled === undefined ? before.disabledAt : input.disabled ? (before.disabledAt ?? new Date()) : null;
      await manager.update(ServiceAccount, { id: before.id }, {
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.description !== undefined ? { description: input.description } : {}),
        role,
        teamId,
        disabledAt,
      });
      const after = await manager.findOneByOrFail(ServiceAccount, { id: before.id });
      const view = toServiceAccountView(after);
      await auditChange(manager, principal, { orgId, action: 'service_account.updated', target: { type: 'service_account', id: before.id }, before: toServiceAccountView(before), after: view }, context);
      const keysChanged = (before.disabledAt === null) !== (disabledAt === null);
      return { view, version: keysChanged ? await bumpConfigVersion(manager) : null };
    });
    if (version !== null) await this.publisher.publish(version);
    return view;
  }

  /** 409 while the account owns API keys (also revoked ones: they carry its usage history) — disable it instead. */
  async remove(principal: Principal, id: string, context: RequestContext): Promise<void> {
    const orgId = orgIdOf(principal);
    await this.dataSource.transaction(async (manager) => {
      const before = await this.account(manager, orgId, id, true);
      const [{ n }] = (await manager.query('SELECT count(*)::int AS n FROM api_keys WHERE service_account_id = $1', [before.id])) as Array<{ n: number }>;
      if (n > 0) throw new Problem(409, 'service-account-owns-keys', `The account owns ${n} API key(s): disable it instead (keys keep its usage history).`);
      await manager.delete(ServiceAccount, { id: before.id });
      await auditChange(manager, principal, { orgId, action: 'service_account.deleted', target: { type: 'service_account', id: before.id }, before: toServiceAccountView(before), after: null }, context);
    });
  }

  async listTokens(caller: Caller, id: string, query: ListTokensQuery): Promise<{ items: TokenView[]; nextCursor: string | null }> {
    const account = await this.account(this.dataSource.manager, orgIdOf(caller), id);
    const qb = this.dataSource.getRepository(ServiceAccountToken).createQueryBuilder('t').where('t.serviceAccountId = :id', { id: account.id });
    if (query.includeRevoked === 'false') qb.andWhere('t.revokedAt IS NULL');
    const { rows, nextCursor } = await pageOf(qb, 't', { property: 'createdAt', table: 'service_account_tokens', column: 'created_at' }, true, query.cursor, query.limit);
    return { items: rows.map(toTokenView), nextCursor };
  }

  async createToken(principal: Principal, id: string, input: CreateTokenInput, context: RequestContext): Promise<{ token: TokenView; secret: string }> {
    const orgId = orgIdOf(principal);
    const expiresAt = input.expiresAt ? new Date(input.expiresAt) : null;
    if (expiresAt && expiresAt.getTime() <= Date.now()) throw new Problem(400, 'validation-failed', 'expiresAt must be in the future.', [{ path: 'expiresAt', message: 'in the past' }]);
    const generated = generateServiceAccountToken(this.config.SLUICE_KEY_PEPPER);
    return this.dataSource.transaction(async (manager) => {
      const account = await this.account(manager, orgId, id, true);
      if (account.disabledAt) throw new Problem(409, 'service-account-disabled', 'Enable the account before issuing tokens.');
      const saved = await manager.save(
        manager.create(ServiceAccountToken, { orgId, serviceAccountId: account.id, name: input.name, displayPrefix: generated.displayPrefix, hash: generated.hash, expiresAt }),
      );
      const view = toTokenView(await manager.findOneByOrFail(ServiceAccountToken, { id: saved.id }));
      await auditChange(manager, principal, { orgId, action: 'service_account_token.created', target: { type: 'service_account_token', id: saved.id }, before: null, after: view }, context);
      return { token: view, secret: generated.token };
    });
  }

  async revokeToken(principal: Principal, id: string, tokenId: string, context: RequestContext): Promise<TokenView> {
    const orgId = orgIdOf(principal);
    return this.dataSource.transaction(async (manager) => {
      const account = await this.account(manager, orgId, id);
      const notFound = new Problem(404, 'not-found', 'No token with this id.');
      if (!isUuid(tokenId)) throw notFound;
      const before = await manager.findOne(ServiceAccountToken, { where: { id: tokenId, serviceAccountId: account.id }, lock: { mode: 'pessimistic_write' } });
      if (!before) throw notFound;
      if (before.revokedAt) throw new Problem(409, 'token-revoked', 'The token is already revoked.');
      await manager.update(ServiceAccountToken, { id: before.id }, { revokedAt: new Date() });
      const after = toTokenView(await manager.findOneByOrFail(ServiceAccountToken, { id: before.id }));
      await auditChange(manager, principal, { orgId, action: 'service_account_token.revoked', target: { type: 'service_account_token', id: before.id }, before: toTokenView(before), after }, context);
      return after;
    });
  }

  private async account(manager: EntityManager, orgId: string, id: string, lock = false): Promise<ServiceAccount> {
    if (!isUuid(id)) throw accountNotFound();
    const account = await manager.findOne(ServiceAccount, { where: { id, orgId }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
    if (!account) throw accountNotFound();
    return account;
  }

  private async assertTeamFits(manager: EntityManager, orgId: string, role: string, teamId: string | null): Promise<void> {
    if (teamId && !(await manager.findOneBy(Team, { id: teamId, orgId }))) throw new Problem(404, 'not-found', 'No team with this id.');
    if (TEAM_ROLES.has(role) && !teamId) {
      throw new Problem(400, 'validation-failed', `The role ${role} acts in a team: give the account a teamId.`, [{ path: 'teamId', message: 'required for this role' }]);
    }
  }

  private async assertNameFree(manager: EntityManager, orgId: string, name: string, exceptId: string | null): Promise<void> {
    const clash = await manager.findOneBy(ServiceAccount, { orgId, name });
    if (clash && clash.id !== exceptId) throw new Problem(409, 'service-account-name-taken', 'A service account with this name exists in the organization.');
  }
}
