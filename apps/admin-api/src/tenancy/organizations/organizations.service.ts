import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Membership, Organization } from '@sluice/db';
import { orgIdOf, type Caller, type Principal } from '../../auth/principal';
import { Problem } from '../../errors/problem';
import type { RequestContext } from '../../http/request-context';
import { likePattern, pageOf, parseSort, type SortField } from '../list-query';
import {  } from '../tenancy-access';
import { ORG_SORTS, toOrganizationView, type CreateOrganizationInput, type ListOrganizationsQuery, type OrganizationView, type UpdateOrganizationInput } from './organization.dto';
import { auditChange } from '../../audit/audit-change';

const SORT_FIELDS: Record<(typeof ORG_SORTS)[number], SortField> = {
  name: { property: 'name', table: 'organizations', column: 'name' },
  createdAt: { property: 'createdAt', table: 'organizations', column: 'created_at' },
};

/** The caller's organizations; settings of the active one; creating a new one (its creator becomes owner). */
@Injectable()
export class OrganizationsService {
  constructor(private readonly dataSource: DataSource) {}

  async list(caller: Caller, query: ListOrganizationsQuery): Promise<{ items: OrganizationView[]; nextCursor: string | null }> {
    const orgIds = [...new Set(caller.memberships.map((m) => m.orgId))];
    if (orgIds.length === 0) return { items: [], nextCursor: null };
    const qb = this.dataSource.getRepository(Organization).createQueryBuilder('o').where('o.id IN (:...orgIds)', { orgIds });
    if (query.q) qb.andWhere(`(o.name ILIKE :q ESCAPE '\\' OR o.slug ILIKE :q ESCAPE '\\')`, { q: likePattern(query.q) });
    const { field, descending } = parseSort(query.sort);
    const { rows, nextCursor } = await pageOf(qb, 'o', SORT_FIELDS[field], descending, query.cursor, query.limit);
    return { items: rows.map((o) => toOrganizationView(o, rolesIn(caller, o.id))), nextCursor };
  }

  async current(caller: Caller): Promise<OrganizationView> {
    const orgId = orgIdOf(caller);
    return toOrganizationView(await this.dataSource.getRepository(Organization).findOneByOrFail({ id: orgId }), rolesIn(caller, orgId));
  }

  /** Not data-plane relevant (no config version); audited in the org's chain. */
  async update(caller: Caller, input: UpdateOrganizationInput, context: RequestContext): Promise<OrganizationView> {
    const orgId = orgIdOf(caller);
    return this.dataSource.transaction(async (manager) => {
      const before = await manager.findOneOrFail(Organization, { where: { id: orgId }, lock: { mode: 'pessimistic_write' } });
      await manager.update(Organization, { id: orgId }, { ...input, updatedAt: new Date() });
      const after = await manager.findOneByOrFail(Organization, { id: orgId });
      const view = toOrganizationView(after, rolesIn(caller, orgId));
      await auditChange(manager, caller, { orgId, action: 'org.updated', target: { type: 'organization', id: orgId }, before: toOrganizationView(before, []), after: toOrganizationView(after, []) }, context);
      return view;
    });
  }

  /** The creator becomes the new org's owner; the event opens the new org's audit chain. */
  async create(principal: Principal, input: CreateOrganizationInput, context: RequestContext): Promise<OrganizationView> {
    return this.dataSource.transaction(async (manager) => {
      if (await manager.findOneBy(Organization, { slug: input.slug })) throw new Problem(409, 'slug-taken', 'An organization with this slug exists.');
      const org = await manager.save(manager.create(Organization, { name: input.name, slug: input.slug }));
      await manager.save(manager.create(Membership, { userId: principal.userId, orgId: org.id, teamId: null, role: 'owner' }));
      const fresh = await manager.findOneByOrFail(Organization, { id: org.id });
      const view = toOrganizationView(fresh, ['owner']);
      await auditChange(manager, principal, { orgId: org.id, action: 'org.created', target: { type: 'organization', id: org.id }, before: null, after: toOrganizationView(fresh, []) }, context);
      return view;
    });
  }
}

function rolesIn(caller: Caller, orgId: string): string[] {
  return caller.memberships.filter((m) => m.orgId === orgId).map((m) => m.role);
}

