import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SsoGroupMapping, Team } from '@sluice/db';
import { orgIdOf, type Principal } from '../../auth/principal';
import { Problem } from '../../errors/problem';
import type { RequestContext } from '../../http/request-context';
import { auditAdminChange } from '../sso-audit';
import { SsoConnectionsService } from './sso-connections.service';
import type { CreateMappingInput } from './sso-connection.dto';

export interface MappingView {
  id: string;
  connectionId: string;
  idpGroup: string;
  orgRole: string | null;
  teamId: string | null;
  teamRole: string | null;
  createdAt: string;
}

const toView = (m: SsoGroupMapping): MappingView => ({
  id: m.id,
  connectionId: m.connectionId,
  idpGroup: m.idpGroup,
  orgRole: m.orgRole,
  teamId: m.teamId,
  teamRole: m.teamRole,
  createdAt: m.createdAt.toISOString(),
});

/** IdP group → org role and/or team + team role, per connection. */
@Injectable()
export class GroupMappingsService {
  constructor(private readonly dataSource: DataSource, private readonly connections: SsoConnectionsService) {}

  async list(principal: Principal, connectionId: string, query: { limit: number; cursor?: string; idpGroup?: string }): Promise<{ items: MappingView[]; nextCursor: string | null }> {
    const orgId = orgIdOf(principal);
    await this.connections.find(this.dataSource.manager, orgId, connectionId);
    const qb = this.dataSource.getRepository(SsoGroupMapping).createQueryBuilder('m').where('m.connectionId = :connectionId AND m.orgId = :orgId', { connectionId, orgId });
    if (query.idpGroup) qb.andWhere('m.idpGroup = :g', { g: query.idpGroup });
    if (query.cursor) {
      if (!/^[0-9a-f-]{36}$/.test(query.cursor)) throw new Problem(400, 'invalid-cursor', 'The cursor is not one this API returned.');
      qb.andWhere('(m.idpGroup, m.id) > (SELECT x.idp_group, x.id FROM sso_group_mappings x WHERE x.id = :cursor AND x.org_id = :orgId)', { cursor: query.cursor });
    }
    const rows = await qb.orderBy('m.idpGroup', 'ASC').addOrderBy('m.id', 'ASC').take(query.limit + 1).getMany();
    const items = rows.slice(0, query.limit).map(toView);
    return { items, nextCursor: rows.length > query.limit ? items[items.length - 1].id : null };
  }

  async create(principal: Principal, connectionId: string, input: CreateMappingInput, context: RequestContext): Promise<MappingView> {
    const orgId = orgIdOf(principal);
    return this.dataSource.transaction(async (manager) => {
      await this.connections.find(manager, orgId, connectionId, true);
      if (input.teamId && !(await manager.findOneBy(Team, { id: input.teamId, orgId }))) throw new Problem(404, 'not-found', 'No team with this id.');
      const saved = await manager.save(manager.create(SsoGroupMapping, { orgId, connectionId, ...input }));
      const view = toView(await manager.findOneByOrFail(SsoGroupMapping, { id: saved.id }));
      await auditAdminChange(manager, principal, { orgId, action: 'sso.mapping_created', target: { type: 'sso_group_mapping', id: view.id }, after: view }, context);
      return view;
    });
  }

  async remove(principal: Principal, connectionId: string, mappingId: string, context: RequestContext): Promise<void> {
    const orgId = orgIdOf(principal);
    await this.dataSource.transaction(async (manager) => {
      await this.connections.find(manager, orgId, connectionId);
      const mapping = /^[0-9a-f-]{36}$/i.test(mappingId) ? await manager.findOneBy(SsoGroupMapping, { id: mappingId, connectionId, orgId }) : null;
      if (!mapping) throw new Problem(404, 'not-found', 'No mapping with this id.');
      await manager.delete(SsoGroupMapping, { id: mapping.id });
      await auditAdminChange(manager, principal, { orgId, action: 'sso.mapping_deleted', target: { type: 'sso_group_mapping', id: mapping.id }, before: toView(mapping) }, context);
    });
  }
}
