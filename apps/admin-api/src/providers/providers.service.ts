import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { bumpConfigVersion, Deployment, Provider, type CredentialCipher } from '@sluice/db';
import { EgressDeniedError, type EgressGuard } from '@sluice/egress';
import { orgIdOf, type Caller } from '../auth/principal';
import { applySortedPage, isUuid, toSortedPage, type SortKey } from '../catalog/sorted-page';
import { ConfigPublisher } from '../config-publishing/config-publisher';
import { Problem } from '../errors/problem';
import type { RequestContext } from '../http/request-context';
import { rekeyOrgCredentials } from './credential-rekey';
import { credentialHint, credentialPlaintext, parseCredentials } from './provider-credentials';
import { toProviderView, type CreateProviderInput, type ListProvidersQuery, type ProviderView, type RekeyResult, type UpdateProviderInput } from './provider.dto';
import { CREDENTIAL_CIPHER, EGRESS_GUARD } from './providers.tokens';
import { auditChange } from '../audit/audit-change';
import { isUniqueViolation } from '../errors/unique-violation';
import { baseUrlShapeProblem } from './base-url-shape';

const notFound = () => new Problem(404, 'not-found', 'No provider with this id.');
const duplicateName = () => new Problem(409, 'provider-name-taken', 'The organization already has a provider with this name.');

const SORT_KEYS: Record<ListProvidersQuery['sort'], SortKey<Provider>> = {
  name: { column: 'p.name', valueOf: (p) => p.name },
  type: { column: 'p.type', valueOf: (p) => p.type },
};

/** Upstream providers of an organization. Credentials are sealed on write and never leave this service. */
@Injectable()
export class ProvidersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly publisher: ConfigPublisher,
    @Inject(CREDENTIAL_CIPHER) private readonly cipher: CredentialCipher,
    @Inject(EGRESS_GUARD) private readonly egress: EgressGuard,
  ) {}

  async list(caller: Caller, query: ListProvidersQuery): Promise<{ items: ProviderView[]; nextCursor: string | null }> {
    const qb = this.dataSource.getRepository(Provider).createQueryBuilder('p').where('p.orgId = :orgId', { orgId: orgIdOf(caller) });
    if (query.q) qb.andWhere('p.name ILIKE :q', { q: `%${query.q.replace(/[\\%_]/g, '\\$&')}%` });
    if (query.type) qb.andWhere('p.type = :type', { type: query.type });
    if (query.enabled) qb.andWhere('p.enabled = :enabled', { enabled: query.enabled === 'true' });
    const key = SORT_KEYS[query.sort];
    const rows = await applySortedPage(qb, 'p.id', key, query.order, query.cursor, query.limit).getMany();
    return toSortedPage(rows, query.limit, key, toProviderView);
  }

  async get(caller: Caller, id: string): Promise<ProviderView> {
    return toProviderView(await this.find(this.dataSource.manager, orgIdOf(caller), id));
  }

  async create(caller: Caller, input: CreateProviderInput, context: RequestContext): Promise<ProviderView> {
    const orgId = orgIdOf(caller);
    const baseUrl = this.checkBaseUrl(input.baseUrl);
    const sealed = input.credentials ? this.seal(input.type, input.credentials) : null;
    const { view, version } = await this.dataSource
      .transaction(async (manager) => {
        const saved = await manager.save(
          manager.create(Provider, {
            orgId,
            name: input.name,
            type: input.type,
            baseUrl,
            options: input.settings,
            enabled: input.enabled,
            credentialsCiphertext: sealed?.ciphertext ?? null,
            credentialsKeyId: sealed?.keyId ?? null,
            credentialsHint: sealed?.hint ?? null,
          }),
        );
        const after = toProviderView(await manager.findOneByOrFail(Provider, { id: saved.id }));
        const v = await bumpConfigVersion(manager);
        await auditChange(manager, caller, { orgId, action: 'provider.created', target: { type: 'provider', id: after.id }, before: null, after }, context);
        return { view: after, version: v };
      })
      .catch(rethrowDuplicate);
    await this.publisher.publish(version);
    return view;
  }

  async update(caller: Caller, id: string, input: UpdateProviderInput, context: RequestContext): Promise<ProviderView> {
    const orgId = orgIdOf(caller);
    const baseUrl = input.baseUrl === undefined ? undefined : this.checkBaseUrl(input.baseUrl);
    const { view, version } = await this.dataSource
      .transaction(async (manager) => {
        const current = await this.find(manager, orgId, id, true);
        const before = toProviderView(current);
        const changes: Partial<Provider> = {};
        if (input.name !== undefined) changes.name = input.name;
        if (baseUrl !== undefined) changes.baseUrl = baseUrl;
        if (input.settings !== undefined) changes.options = input.settings;
        if (input.enabled !== undefined) changes.enabled = input.enabled;
        if (input.credentials === null) Object.assign(changes, { credentialsCiphertext: null, credentialsKeyId: null, credentialsHint: null });
        if (input.credentials) {
          const sealed = this.seal(current.type, input.credentials);
          Object.assign(changes, { credentialsCiphertext: sealed.ciphertext, credentialsKeyId: sealed.keyId, credentialsHint: sealed.hint });
        }
        if (Object.keys(changes).length) await manager.update(Provider, { id }, changes);
        const after = toProviderView(await manager.findOneByOrFail(Provider, { id }));
        const v = await bumpConfigVersion(manager);
        const action = input.credentials !== undefined ? 'provider.credentials_replaced' : 'provider.updated';
        await auditChange(manager, caller, { orgId, action, target: { type: 'provider', id }, before, after }, context);
        return { view: after, version: v };
      })
      .catch(rethrowDuplicate);
    await this.publisher.publish(version);
    return view;
  }

  /** Refused while deployments use the provider (delete or move them first). */
  async remove(caller: Caller, id: string, context: RequestContext): Promise<void> {
    const orgId = orgIdOf(caller);
    const version = await this.dataSource.transaction(async (manager) => {
      const current = await this.find(manager, orgId, id, true);
      const inUse = await manager.countBy(Deployment, { providerId: id });
      if (inUse > 0) throw new Problem(409, 'provider-in-use', `${inUse} deployment(s) use this provider; delete them first.`);
      await manager.delete(Provider, { id });
      const v = await bumpConfigVersion(manager);
      await auditChange(manager, caller, { orgId, action: 'provider.deleted', target: { type: 'provider', id }, before: toProviderView(current), after: null }, context);
      return v;
    });
    await this.publisher.publish(version);
  }

  /**
   * KEK rotation: re-seals every credential of the org that is not sealed with the current key
   * (SLUICE_KEK), reading it with SLUICE_KEK_PREVIOUS. The plaintext does not change, so the config
   * version is not bumped. Credentials sealed with an unknown key are reported, not touched.
   */
  async rekey(caller: Caller, context: RequestContext): Promise<RekeyResult> {
    const orgId = orgIdOf(caller);
    return this.dataSource.transaction(async (manager) => {
      const result = await rekeyOrgCredentials(manager, this.cipher, orgId);
      await auditChange(manager, caller, { orgId, action: 'provider.credentials_rekeyed', target: { type: 'organization', id: orgId }, before: null, after: result }, context);
      return result;
    });
  }

  private async find(manager: EntityManager, orgId: string, id: string, lock = false): Promise<Provider> {
    if (!isUuid(id)) throw notFound();
    const provider = await manager.findOne(Provider, { where: { id, orgId }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
    if (!provider) throw notFound();
    return provider;
  }

  private seal(type: Provider['type'], raw: unknown): { ciphertext: Buffer; keyId: string; hint: string } {
    const credentials = parseCredentials(type, raw);
    const sealed = this.cipher.encrypt(credentialPlaintext(credentials));
    return { ...sealed, hint: credentialHint(credentials) };
  }

  /** Write-time egress check and shape check (no query, no credential in it); returns the URL without a trailing slash. */
  private checkBaseUrl(raw: string): string {
    try {
      this.egress.assertUrlAllowed(raw);
    } catch (error) {
      if (error instanceof EgressDeniedError) {
        throw new Problem(400, 'base-url-not-allowed', error.message, [{ path: 'baseUrl', message: `${error.reason}: ${error.message}` }]);
      }
      throw error;
    }
    const shapeProblem = baseUrlShapeProblem(raw);
    if (shapeProblem) throw new Problem(400, 'base-url-not-allowed', shapeProblem, [{ path: 'baseUrl', message: shapeProblem }]);
    return raw.replace(/\/+$/, '');
  }
}

function rethrowDuplicate(error: unknown): never {
  if (isUniqueViolation(error, 'providers_org_name_key')) throw duplicateName();
  throw error;
}
