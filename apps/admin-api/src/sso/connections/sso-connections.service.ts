import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { EgressGuard } from '@sluice/egress';
import { credentialCipherFromEnv, SsoConnection, type CredentialCipher } from '@sluice/db';
import { orgIdOf, type Principal } from '../../auth/principal';
import { ADMIN_API_CONFIG, type AdminApiConfig } from '../../config/admin-api-config';
import { Problem } from '../../errors/problem';
import type { RequestContext } from '../../http/request-context';
import { auditAdminChange } from '../sso-audit';
import { EGRESS_GUARD } from '../../providers/providers.tokens';
import { parseIdpMetadata, SamlMetadataError } from './saml-metadata';
import { fetchIdpMetadata, MetadataFetchError } from './saml-metadata-fetch';
import {
  oidcSettingsSchema,
  samlSettingsSchema,
  toConnectionView,
  type ConnectionView,
  type CreateConnectionInput,
  type CreateSamlConnectionInput,
  type ListConnectionsQuery,
  type UpdateConnectionInput,
} from './sso-connection.dto';


export const connectionNotFound = () => new Problem(404, 'not-found', 'No SSO connection with this id.');


/** Admin CRUD of an org's OIDC/SAML connections. The OIDC client secret is sealed with the KEK and never returned. */
@Injectable()
export class SsoConnectionsService {
  readonly cipher: CredentialCipher;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(ADMIN_API_CONFIG) private readonly config: AdminApiConfig,
    @Inject(EGRESS_GUARD) private readonly egress: EgressGuard,
  ) {
    this.cipher = credentialCipherFromEnv(config);
  }

  view(connection: SsoConnection): ConnectionView {
    return toConnectionView(connection, this.config.PUBLIC_BASE_URL);
  }

  async list(principal: Principal, query: ListConnectionsQuery): Promise<{ items: ConnectionView[]; nextCursor: string | null }> {
    const orgId = orgIdOf(principal);
    const qb = this.dataSource.getRepository(SsoConnection).createQueryBuilder('c').where('c.orgId = :orgId', { orgId });
    if (query.type) qb.andWhere('c.type = :type', { type: query.type });
    if (query.enabled) qb.andWhere('c.enabled = :enabled', { enabled: query.enabled === 'true' });
    const desc = query.sort.startsWith('-');
    const column = query.sort.replace('-', '') === 'name' ? 'name' : 'created_at';
    if (query.cursor) {
      if (!/^[0-9a-f-]{36}$/.test(query.cursor)) throw new Problem(400, 'invalid-cursor', 'The cursor is not one this API returned.');
      qb.andWhere(`(c.${column === 'name' ? 'name' : 'createdAt'}, c.id) ${desc ? '<' : '>'} (SELECT x.${column}, x.id FROM sso_connections x WHERE x.id = :cursor AND x.org_id = :orgId)`, { cursor: query.cursor });
    }
    const rows = await qb
      .orderBy(column === 'name' ? 'c.name' : 'c.createdAt', desc ? 'DESC' : 'ASC')
      .addOrderBy('c.id', desc ? 'DESC' : 'ASC')
      .take(query.limit + 1)
      .getMany();
    const items = rows.slice(0, query.limit).map((c) => this.view(c));
    return { items, nextCursor: rows.length > query.limit ? items[items.length - 1].id : null };
  }

  async get(principal: Principal, id: string): Promise<ConnectionView> {
    return this.view(await this.find(this.dataSource.manager, orgIdOf(principal), id));
  }

  async create(principal: Principal, input: CreateConnectionInput, context: RequestContext): Promise<ConnectionView> {
    const orgId = orgIdOf(principal);
    const values: Partial<SsoConnection> = { orgId, type: input.type, name: input.name, enabled: input.enabled };
    if (input.type === 'oidc') {
      const { type: _t, name: _n, enabled: _e, clientSecret, ...settings } = input;
      values.settings = oidcSettingsSchema.parse(settings);
      const sealed = this.cipher.encrypt(clientSecret);
      values.clientSecretSealed = sealed.ciphertext;
      values.clientSecretKeyId = sealed.keyId;
    } else {
      values.settings = samlSettingsSchema.parse(await this.samlSettingsFrom(input, {}));
    }
    return this.dataSource.transaction(async (manager) => {
      await this.refuseDuplicateName(manager, orgId, input.name, null);
      const saved = await manager.save(manager.create(SsoConnection, values));
      const fresh = await manager.findOneByOrFail(SsoConnection, { id: saved.id });
      const view = this.view(fresh);
      await auditAdminChange(manager, principal, { orgId, action: 'sso.connection_created', target: { type: 'sso_connection', id: fresh.id }, after: view }, context);
      return view;
    });
  }

  async update(principal: Principal, id: string, input: UpdateConnectionInput, context: RequestContext): Promise<ConnectionView> {
    const orgId = orgIdOf(principal);
    const current = await this.find(this.dataSource.manager, orgId, id);
    const { name, enabled, clientSecret, ...rest } = input;
    const changes: Partial<SsoConnection> = {};
    if (name !== undefined) changes.name = name;
    if (enabled !== undefined) changes.enabled = enabled;
    if (current.type === 'oidc') {
      const foreign = ['metadataUrl', 'metadataXml', 'idpEntityId', 'ssoUrl', 'sloUrl', 'certificates', 'allowIdpInitiated', 'allowSha1', 'attributeMapping'].filter((k) => k in rest);
      if (foreign.length) throw new Problem(400, 'validation-failed', 'Those fields belong to SAML connections.', foreign.map((path) => ({ path, message: 'not an OIDC setting' })));
      const { issuer, clientId, scopes, claimMapping, allowedAlgs } = rest;
      changes.settings = oidcSettingsSchema.parse({ ...current.settings, ...definedOnly({ issuer, clientId, scopes, claimMapping, allowedAlgs }) });
      if (clientSecret !== undefined) {
        const sealed = this.cipher.encrypt(clientSecret);
        changes.clientSecretSealed = sealed.ciphertext;
        changes.clientSecretKeyId = sealed.keyId;
      }
    } else {
      const foreign = ['issuer', 'clientId', 'clientSecret', 'scopes', 'claimMapping', 'allowedAlgs'].filter((k) => k in input);
      if (foreign.length) throw new Problem(400, 'validation-failed', 'Those fields belong to OIDC connections.', foreign.map((path) => ({ path, message: 'not a SAML setting' })));
      changes.settings = samlSettingsSchema.parse(await this.samlSettingsFrom(rest, current.settings));
    }
    return this.dataSource.transaction(async (manager) => {
      const before = await this.find(manager, orgId, id, true);
      if (changes.name !== undefined) await this.refuseDuplicateName(manager, orgId, changes.name, id);
      await manager.update(SsoConnection, { id }, changes as Parameters<typeof manager.update<SsoConnection>>[2]);
      const after = this.view(await manager.findOneByOrFail(SsoConnection, { id }));
      await auditAdminChange(manager, principal, { orgId, action: 'sso.connection_updated', target: { type: 'sso_connection', id }, before: this.view(before), after }, context);
      return after;
    });
  }

  async remove(principal: Principal, id: string, context: RequestContext): Promise<void> {
    const orgId = orgIdOf(principal);
    await this.dataSource.transaction(async (manager) => {
      const before = await this.find(manager, orgId, id, true);
      await manager.delete(SsoConnection, { id });
      await auditAdminChange(manager, principal, { orgId, action: 'sso.connection_deleted', target: { type: 'sso_connection', id }, before: this.view(before) }, context);
    });
  }

  async find(manager: EntityManager, orgId: string, id: string, lock = false): Promise<SsoConnection> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) throw connectionNotFound();
    const found = await manager.findOne(SsoConnection, { where: { id, orgId }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
    if (!found) throw connectionNotFound();
    return found;
  }

  private async refuseDuplicateName(manager: EntityManager, orgId: string, name: string, exceptId: string | null): Promise<void> {
    const same = await manager.findOneBy(SsoConnection, { orgId, name });
    if (same && same.id !== exceptId) throw new Problem(409, 'name-taken', 'Another SSO connection of this organization has that name.');
  }

  /** Metadata (fetched or inline) first, explicit fields override it, then what is stored. */
  private async samlSettingsFrom(input: Partial<Omit<CreateSamlConnectionInput, 'type' | 'name' | 'enabled'>>, stored: Record<string, unknown>): Promise<Record<string, unknown>> {
    let fromMetadata: Record<string, unknown> = {};
    try {
      if (input.metadataXml) fromMetadata = { ...parseIdpMetadata(input.metadataXml) };
      else if (input.metadataUrl) fromMetadata = { ...parseIdpMetadata(await fetchIdpMetadata(this.egress, input.metadataUrl)) };
    } catch (err) {
      if (err instanceof SamlMetadataError || err instanceof MetadataFetchError) throw new Problem(422, 'invalid-saml-metadata', err.message);
      throw err;
    }
    const { idpEntityId, ssoUrl, sloUrl, certificates, allowIdpInitiated, allowSha1, attributeMapping } = input;
    const merged: Record<string, unknown> = { ...stored, ...fromMetadata, ...definedOnly({ idpEntityId, ssoUrl, sloUrl, certificates, allowIdpInitiated, allowSha1, attributeMapping }) };
    for (const field of ['idpEntityId', 'ssoUrl', 'certificates']) {
      if (merged[field] === undefined) throw new Problem(400, 'validation-failed', 'Give the IdP metadata (metadataUrl or metadataXml) or idpEntityId, ssoUrl and certificates.', [{ path: field, message: 'required' }]);
    }
    return merged;
  }
}

function definedOnly<T extends Record<string, unknown>>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as Partial<T>;
}
