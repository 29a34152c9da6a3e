import { Inject, Injectable } from '@nestjs/common';
import { DataSource, In, type EntityManager } from 'typeorm';
import { z } from 'zod';
import { ScimGroup, ScimGroupMember, ScimUser } from '@sluice/db';
import { ADMIN_API_CONFIG, type AdminApiConfig } from '../config/admin-api-config';
import type { RequestContext } from '../http/request-context';
import { auditIdpEvent } from '../sso/sso-audit';
import { ScimError } from './scim-error';
import { parsePaging, parseScimFilter } from './scim-filter';
import { memberFilterValue, memberIds, type PatchOperation } from './scim-patch';
import { ScimProvisioning } from './scim-provisioning';
import { listResponse, scimBase, toScimGroup } from './scim-resources';
import type { ScimCaller } from './scim-token.guard';

export const scimGroupBodySchema = z.object({
  displayName: z.string().trim().min(1).max(512),
  externalId: z.string().max(500).nullish(),
  members: z.array(z.object({ value: z.string() })).nullish(),
});

const notFound = () => new ScimError(404, 'No such group.');

/**
 * SCIM 2.0 /Groups for one org. A group's displayName is matched against the org's SSO group
 * mappings: adding or removing a member re-derives that user's mapped memberships.
 */
@Injectable()
export class ScimGroupsService {
  constructor(private readonly dataSource: DataSource, private readonly provisioning: ScimProvisioning, @Inject(ADMIN_API_CONFIG) private readonly config: AdminApiConfig) {}

  private get base(): string {
    return scimBase(this.config.PUBLIC_BASE_URL);
  }

  async list(caller: ScimCaller, query: Record<string, unknown>): Promise<Record<string, unknown>> {
    const filter = parseScimFilter(typeof query.filter === 'string' ? query.filter : undefined, ['displayName', 'externalId', 'id']);
    const { startIndex, count } = parsePaging(query);
    const qb = this.dataSource.getRepository(ScimGroup).createQueryBuilder('g').where('g.orgId = :orgId', { orgId: caller.orgId });
    if (filter?.attribute === 'displayName') qb.andWhere('g.displayName = :v', { v: filter.value });
    if (filter?.attribute === 'externalId') qb.andWhere('g.externalId = :v', { v: filter.value });
    if (filter?.attribute === 'id') qb.andWhere(/^[0-9a-f-]{36}$/i.test(filter.value) ? 'g.id = :v' : 'false', { v: filter.value });
    const [rows, total] = await qb.orderBy('g.displayName', 'ASC').addOrderBy('g.id', 'ASC').skip(startIndex - 1).take(count).getManyAndCount();
    const excludeMembers = typeof query.excludedAttributes === 'string' && /\bmembers\b/.test(query.excludedAttributes);
    const resources = await Promise.all(rows.map((g) => this.render(this.dataSource.manager, g, excludeMembers)));
    return listResponse(resources, total, startIndex);
  }

  async get(caller: ScimCaller, id: string): Promise<Record<string, unknown>> {
    return this.render(this.dataSource.manager, await this.find(this.dataSource.manager, caller, id));
  }

  async create(caller: ScimCaller, body: unknown, context: RequestContext): Promise<Record<string, unknown>> {
    const input = parseBody(body);
    return this.provisioning.inTransaction(async (manager) => {
      if (await manager.findOneBy(ScimGroup, { orgId: caller.orgId, displayName: input.displayName })) throw new ScimError(409, 'A group with this displayName exists.', 'uniqueness');
      const group = await manager.save(manager.create(ScimGroup, { orgId: caller.orgId, displayName: input.displayName, externalId: input.externalId ?? null }));
      await auditIdpEvent(manager, { scimTokenId: caller.tokenId, authMethod: 'scim_token' }, { orgId: caller.orgId, action: 'scim.group_created', target: { type: 'scim_group', id: group.id }, after: { displayName: group.displayName, externalId: group.externalId } }, context);
      await this.setMembers(manager, caller, group, (input.members ?? []).map((m) => m.value), context);
      return this.render(manager, group);
    });
  }

  async replace(caller: ScimCaller, id: string, body: unknown, context: RequestContext): Promise<Record<string, unknown>> {
    const input = parseBody(body);
    return this.provisioning.inTransaction(async (manager) => {
      const group = await this.find(manager, caller, id, true);
      await this.rename(manager, caller, group, input.displayName, context);
      if (input.externalId !== undefined) await manager.update(ScimGroup, { id }, { externalId: input.externalId });
      await this.setMembers(manager, caller, group, (input.members ?? []).map((m) => m.value), context);
      return this.render(manager, await manager.findOneByOrFail(ScimGroup, { id }));
    });
  }

  async patch(caller: ScimCaller, id: string, operations: PatchOperation[], context: RequestContext): Promise<Record<string, unknown> | null> {
    return this.provisioning.inTransaction(async (manager) => {
      const group = await this.find(manager, caller, id, true);
      let members = await this.memberIdsOf(manager, group.id);
      for (const op of operations) {
        const path = op.path?.trim();
        const lower = path?.toLowerCase();
        if (lower === 'members') {
          if (op.op === 'add') members = [...new Set([...members, ...memberIds(op.value)])];
          else if (op.op === 'replace') members = [...new Set(memberIds(op.value))];
          else members = op.value === undefined ? [] : members.filter((m) => !memberIds(op.value).includes(m));
        } else if (path && memberFilterValue(path) && op.op === 'remove') {
          const gone = memberFilterValue(path);
          members = members.filter((m) => m !== gone);
        } else if (lower === 'displayname' && op.op !== 'remove') {
          if (typeof op.value !== 'string') throw new ScimError(400, 'displayName must be a string.', 'invalidValue');
          await this.rename(manager, caller, group, op.value, context);
        } else if (lower === 'externalid') {
          await manager.update(ScimGroup, { id }, { externalId: op.op === 'remove' ? null : String(op.value) });
        } else if (!path && op.op !== 'remove' && op.value && typeof op.value === 'object') {
          const value = op.value as { displayName?: unknown; externalId?: unknown; members?: unknown };
          if (typeof value.displayName === 'string') await this.rename(manager, caller, group, value.displayName, context);
          if (typeof value.externalId === 'string') await manager.update(ScimGroup, { id }, { externalId: value.externalId });
          if (value.members !== undefined) members = op.op === 'add' ? [...new Set([...members, ...memberIds(value.members)])] : [...new Set(memberIds(value.members))];
        } else {
          throw new ScimError(400, `Unsupported patch path ${path ?? '(none)'} for ${op.op}.`, 'invalidPath');
        }
      }
      await this.setMembers(manager, caller, await manager.findOneByOrFail(ScimGroup, { id }), members, context);
      return this.render(manager, await manager.findOneByOrFail(ScimGroup, { id }));
    });
  }

  async remove(caller: ScimCaller, id: string, context: RequestContext): Promise<void> {
    await this.provisioning.inTransaction(async (manager) => {
      const group = await this.find(manager, caller, id, true);
      const affected = await this.memberIdsOf(manager, group.id);
      await manager.delete(ScimGroup, { id: group.id });
      await auditIdpEvent(manager, { scimTokenId: caller.tokenId, authMethod: 'scim_token' }, { orgId: caller.orgId, action: 'scim.group_deleted', target: { type: 'scim_group', id: group.id }, before: { displayName: group.displayName, members: affected.length } }, context);
      await this.resync(manager, caller, affected, context);
    });
  }

  private async rename(manager: EntityManager, caller: ScimCaller, group: ScimGroup, displayName: string, context: RequestContext): Promise<void> {
    if (displayName === group.displayName) return;
    const taken = await manager.findOneBy(ScimGroup, { orgId: caller.orgId, displayName });
    if (taken && taken.id !== group.id) throw new ScimError(409, 'A group with this displayName exists.', 'uniqueness');
    await manager.update(ScimGroup, { id: group.id }, { displayName });
    await auditIdpEvent(manager, { scimTokenId: caller.tokenId, authMethod: 'scim_token' }, { orgId: caller.orgId, action: 'scim.group_renamed', target: { type: 'scim_group', id: group.id }, before: { displayName: group.displayName }, after: { displayName } }, context);
    await this.resync(manager, caller, await this.memberIdsOf(manager, group.id), context);
  }

  /** Makes the group's members exactly `wanted` (SCIM user ids of this org) and re-derives memberships of everyone affected. */
  private async setMembers(manager: EntityManager, caller: ScimCaller, group: ScimGroup, wanted: string[], context: RequestContext): Promise<void> {
    const valid = wanted.filter((id) => /^[0-9a-f-]{36}$/i.test(id));
    const known = valid.length ? await manager.findBy(ScimUser, { id: In(valid), orgId: caller.orgId }) : [];
    if (known.length !== new Set(wanted).size) throw new ScimError(400, 'A member is not a user of this organization.', 'invalidValue');
    const current = await this.memberIdsOf(manager, group.id);
    const added = known.map((u) => u.id).filter((id) => !current.includes(id));
    const removed = current.filter((id) => !wanted.includes(id));
    if (added.length === 0 && removed.length === 0) return;
    if (removed.length) await manager.delete(ScimGroupMember, { groupId: group.id, scimUserId: In(removed) });
    for (const scimUserId of added) await manager.save(manager.create(ScimGroupMember, { groupId: group.id, scimUserId }));
    await auditIdpEvent(manager, { scimTokenId: caller.tokenId, authMethod: 'scim_token' }, { orgId: caller.orgId, action: 'scim.group_members_changed', target: { type: 'scim_group', id: group.id }, after: { displayName: group.displayName, added, removed } }, context);
    await this.resync(manager, caller, [...added, ...removed], context);
  }

  private async resync(manager: EntityManager, caller: ScimCaller, scimUserIds: string[], context: RequestContext): Promise<void> {
    if (scimUserIds.length === 0) return;
    for (const link of await manager.findBy(ScimUser, { id: In(scimUserIds), orgId: caller.orgId })) {
      await this.provisioning.syncGroupsOf(manager, caller, link.id, link.userId, context);
    }
  }

  private async memberIdsOf(manager: EntityManager, groupId: string): Promise<string[]> {
    return (await manager.findBy(ScimGroupMember, { groupId })).map((m) => m.scimUserId);
  }

  private async find(manager: EntityManager, caller: ScimCaller, id: string, lock = false): Promise<ScimGroup> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) throw notFound();
    const group = await manager.findOne(ScimGroup, { where: { id, orgId: caller.orgId }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
    if (!group) throw notFound();
    return group;
  }

  private async render(manager: EntityManager, group: ScimGroup, excludeMembers = false): Promise<Record<string, unknown>> {
    const members = excludeMembers
      ? []
      : await manager.createQueryBuilder(ScimUser, 'u').innerJoin(ScimGroupMember, 'm', 'm.scimUserId = u.id').where('m.groupId = :id', { id: group.id }).orderBy('u.userName').getMany();
    return toScimGroup(group, members.map((m) => ({ id: m.id, userName: m.userName })), this.base);
  }
}

function parseBody(body: unknown): z.output<typeof scimGroupBodySchema> {
  const parsed = scimGroupBodySchema.safeParse(body);
  if (!parsed.success) throw new ScimError(400, `Invalid group: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`, 'invalidValue');
  return parsed.data;
}
