import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { z } from 'zod';
import { ScimGroup, ScimGroupMember, ScimUser, User } from '@sluice/db';
import { ADMIN_API_CONFIG, type AdminApiConfig } from '../config/admin-api-config';
import type { RequestContext } from '../http/request-context';
import { auditIdpEvent } from '../sso/sso-audit';
import { ScimError } from './scim-error';
import { parsePaging, parseScimFilter } from './scim-filter';
import { scimBoolean, type PatchOperation } from './scim-patch';
import { ScimProvisioning } from './scim-provisioning';
import { listResponse, scimBase, toScimUser } from './scim-resources';
import type { ScimCaller } from './scim-token.guard';

/** SCIM clients send many attributes we do not keep (title, enterprise extension…): the object is not strict. */
export const scimUserBodySchema = z.object({
  userName: z.string().trim().min(1).max(320),
  externalId: z.string().max(500).nullish(),
  displayName: z.string().max(500).nullish(),
  name: z.object({ formatted: z.string().nullish(), givenName: z.string().nullish(), familyName: z.string().nullish() }).partial().nullish(),
  emails: z.array(z.object({ value: z.string(), primary: z.union([z.boolean(), z.string()]).optional(), type: z.string().optional() })).nullish(),
  active: z.union([z.boolean(), z.string()]).optional(),
});
type ScimUserBody = z.output<typeof scimUserBodySchema>;

/** What we keep of a SCIM user. */
interface UserState {
  userName: string;
  externalId: string | null;
  displayName: string;
  email: string;
  active: boolean;
}

function stateFromBody(body: ScimUserBody): UserState {
  const primary = body.emails?.find((e) => e.primary === true || e.primary === 'true' || e.primary === 'True') ?? body.emails?.[0];
  const email = primary?.value ?? body.userName;
  if (!email.includes('@')) throw new ScimError(400, 'Give an email address in emails or as userName.', 'invalidValue');
  const composed = [body.name?.givenName, body.name?.familyName].filter(Boolean).join(' ');
  return {
    userName: body.userName,
    externalId: body.externalId ?? null,
    displayName: body.displayName || body.name?.formatted || composed || body.userName,
    email,
    active: body.active === undefined ? true : scimBoolean(body.active),
  };
}

const notFound = () => new ScimError(404, 'No such user.');

/** SCIM 2.0 /Users for one org (RFC 7643/7644), as Okta and Entra ID call it. */
@Injectable()
export class ScimUsersService {
  constructor(private readonly dataSource: DataSource, private readonly provisioning: ScimProvisioning, @Inject(ADMIN_API_CONFIG) private readonly config: AdminApiConfig) {}

  private get base(): string {
    return scimBase(this.config.PUBLIC_BASE_URL);
  }

  async list(caller: ScimCaller, query: Record<string, unknown>): Promise<Record<string, unknown>> {
    const filter = parseScimFilter(typeof query.filter === 'string' ? query.filter : undefined, ['userName', 'externalId', 'id']);
    const { startIndex, count } = parsePaging(query);
    const qb = this.dataSource.getRepository(ScimUser).createQueryBuilder('s').where('s.orgId = :orgId', { orgId: caller.orgId });
    if (filter?.attribute === 'userName') qb.andWhere('lower(s.userName) = lower(:v)', { v: filter.value });
    if (filter?.attribute === 'externalId') qb.andWhere('s.externalId = :v', { v: filter.value });
    if (filter?.attribute === 'id') qb.andWhere(/^[0-9a-f-]{36}$/i.test(filter.value) ? 's.id = :v' : 'false', { v: filter.value });
    const [rows, total] = await qb.orderBy('s.createdAt', 'ASC').addOrderBy('s.id', 'ASC').skip(startIndex - 1).take(count).getManyAndCount();
    const resources = await Promise.all(rows.map((row) => this.render(this.dataSource.manager, row)));
    return listResponse(resources, total, startIndex);
  }

  async get(caller: ScimCaller, id: string): Promise<Record<string, unknown>> {
    return this.render(this.dataSource.manager, await this.find(this.dataSource.manager, caller, id));
  }

  async create(caller: ScimCaller, body: unknown, context: RequestContext): Promise<Record<string, unknown>> {
    const state = stateFromBody(parseBody(body));
    return this.provisioning.inTransaction(async (manager, after) => {
      const taken = await manager.getRepository(ScimUser).createQueryBuilder('s').where('s.orgId = :orgId AND lower(s.userName) = lower(:u)', { orgId: caller.orgId, u: state.userName }).getOne();
      if (taken) throw new ScimError(409, 'A user with this userName exists.', 'uniqueness');
      let user = await manager.getRepository(User).createQueryBuilder('u').where('lower(u.email) = lower(:email)', { email: state.email }).getOne();
      if (user && (await manager.findOneBy(ScimUser, { orgId: caller.orgId, userId: user.id }))) throw new ScimError(409, 'A user with this email exists.', 'uniqueness');
      if (!user) user = await manager.save(manager.create(User, { email: state.email, displayName: state.displayName, passwordHash: null, status: 'active' }));
      const link = await manager.save(manager.create(ScimUser, { orgId: caller.orgId, userId: user.id, userName: state.userName, externalId: state.externalId, active: state.active }));
      await auditIdpEvent(manager, { scimTokenId: caller.tokenId, authMethod: 'scim_token' }, { orgId: caller.orgId, action: 'scim.user_created', target: { type: 'user', id: user.id }, after: { ...state, scimId: link.id } }, context);
      await this.provisioning.syncGroupsOf(manager, caller, link.id, user.id, context);
      await this.provisioning.setActive(manager, caller, user.id, state.active, context, after);
      return this.render(manager, await manager.findOneByOrFail(ScimUser, { id: link.id }));
    });
  }

  async replace(caller: ScimCaller, id: string, body: unknown, context: RequestContext): Promise<Record<string, unknown>> {
    const state = stateFromBody(parseBody(body));
    return this.provisioning.inTransaction(async (manager, after) => {
      const link = await this.find(manager, caller, id, true);
      await this.apply(manager, caller, link, state, context, after);
      return this.render(manager, await manager.findOneByOrFail(ScimUser, { id: link.id }));
    });
  }

  async patch(caller: ScimCaller, id: string, operations: PatchOperation[], context: RequestContext): Promise<Record<string, unknown>> {
    return this.provisioning.inTransaction(async (manager, after) => {
      const link = await this.find(manager, caller, id, true);
      const user = await manager.findOneByOrFail(User, { id: link.userId });
      const state: UserState = { userName: link.userName, externalId: link.externalId, displayName: user.displayName, email: user.email, active: link.active };
      for (const operation of operations) applyUserOperation(state, operation);
      await this.apply(manager, caller, link, state, context, after);
      return this.render(manager, await manager.findOneByOrFail(ScimUser, { id: link.id }));
    });
  }

  /** Deprovisioning: the user is deactivated (sessions, and keys per token setting, revoked) and leaves the org. */
  async remove(caller: ScimCaller, id: string, context: RequestContext): Promise<void> {
    await this.provisioning.inTransaction(async (manager, after) => {
      const link = await this.find(manager, caller, id, true);
      await this.provisioning.setActive(manager, caller, link.userId, false, context, after);
      await this.provisioning.removeFromOrg(manager, caller, link.userId, context);
      await manager.delete(ScimUser, { id: link.id });
      await auditIdpEvent(manager, { scimTokenId: caller.tokenId, authMethod: 'scim_token' }, { orgId: caller.orgId, action: 'scim.user_deleted', target: { type: 'user', id: link.userId }, before: { userName: link.userName, scimId: link.id } }, context);
    });
  }

  private async apply(manager: EntityManager, caller: ScimCaller, link: ScimUser, state: UserState, context: RequestContext, after: Parameters<ScimProvisioning['setActive']>[5]): Promise<void> {
    if (state.userName.toLowerCase() !== link.userName.toLowerCase()) {
      const taken = await manager.getRepository(ScimUser).createQueryBuilder('s').where('s.orgId = :orgId AND lower(s.userName) = lower(:u) AND s.id <> :id', { orgId: caller.orgId, u: state.userName, id: link.id }).getOne();
      if (taken) throw new ScimError(409, 'A user with this userName exists.', 'uniqueness');
    }
    const user = await manager.findOneByOrFail(User, { id: link.userId });
    if (state.email.toLowerCase() !== user.email.toLowerCase()) {
      const other = await manager.getRepository(User).createQueryBuilder('u').where('lower(u.email) = lower(:e) AND u.id <> :id', { e: state.email, id: user.id }).getOne();
      if (other) throw new ScimError(409, 'Another user has this email.', 'uniqueness');
    }
    const before = { userName: link.userName, externalId: link.externalId, displayName: user.displayName, email: user.email, active: link.active };
    await manager.update(User, { id: user.id }, { email: state.email, displayName: state.displayName });
    await manager.update(ScimUser, { id: link.id }, { userName: state.userName, externalId: state.externalId, active: state.active });
    await auditIdpEvent(manager, { scimTokenId: caller.tokenId, authMethod: 'scim_token' }, { orgId: caller.orgId, action: 'scim.user_updated', target: { type: 'user', id: user.id }, before, after: state }, context);
    await this.provisioning.setActive(manager, caller, user.id, state.active, context, after);
  }

  private async find(manager: EntityManager, caller: ScimCaller, id: string, lock = false): Promise<ScimUser> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) throw notFound();
    const link = await manager.findOne(ScimUser, { where: { id, orgId: caller.orgId }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
    if (!link) throw notFound();
    return link;
  }

  private async render(manager: EntityManager, link: ScimUser): Promise<Record<string, unknown>> {
    const user = await manager.findOneByOrFail(User, { id: link.userId });
    const groups = await manager
      .createQueryBuilder(ScimGroup, 'g')
      .innerJoin(ScimGroupMember, 'm', 'm.groupId = g.id')
      .where('m.scimUserId = :id', { id: link.id })
      .orderBy('g.displayName')
      .getMany();
    return toScimUser(link, user, groups, this.base);
  }
}

function parseBody(body: unknown): ScimUserBody {
  const parsed = scimUserBodySchema.safeParse(body);
  if (!parsed.success) throw new ScimError(400, `Invalid user: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`, 'invalidValue');
  return parsed.data;
}

/** One PatchOp on a user (Okta: `replace` with a value object; Entra ID: `Replace` with a path, booleans as strings). */
export function applyUserOperation(state: UserState, operation: PatchOperation): void {
  if (operation.op === 'remove') {
    if (operation.path?.toLowerCase() === 'externalid') state.externalId = null;
    return;
  }
  const set = (path: string, value: unknown) => {
    const key = path.toLowerCase();
    const text = () => {
      if (typeof value !== 'string' || value.length === 0) throw new ScimError(400, `${path} must be a non-empty string.`, 'invalidValue');
      return value;
    };
    if (key === 'active') state.active = scimBoolean(value);
    else if (key === 'username') state.userName = text();
    else if (key === 'displayname' || key === 'name.formatted') state.displayName = text();
    else if (key === 'externalid') state.externalId = value === null ? null : text();
    else if (key === 'emails' && Array.isArray(value)) {
      const email = (value.find((e: { primary?: unknown }) => e?.primary === true || e?.primary === 'True') ?? value[0]) as { value?: unknown } | undefined;
      if (typeof email?.value === 'string') state.email = email.value;
    } else if (/^emails\[type eq "work"\]\.value$/i.test(path) || /^emails\[primary eq true\]\.value$/i.test(path)) state.email = text();
    else if (key === 'name' && value && typeof value === 'object') {
      const name = value as { formatted?: string; givenName?: string; familyName?: string };
      const composed = name.formatted || [name.givenName, name.familyName].filter(Boolean).join(' ');
      if (composed) state.displayName = composed;
    }
    // Attributes Sluice does not keep (title, locale, enterprise extension…) are accepted and ignored.
  };
  if (operation.path) set(operation.path, operation.value);
  else if (operation.value && typeof operation.value === 'object' && !Array.isArray(operation.value)) {
    for (const [path, value] of Object.entries(operation.value)) set(path, value);
  } else throw new ScimError(400, 'A patch operation without a path needs an object value.', 'invalidValue');
}
