import { Injectable } from '@nestjs/common';
import { DataSource, QueryFailedError, type EntityManager } from 'typeorm';
import { bumpConfigVersion, Team } from '@sluice/db';
import type { Caller } from '../../auth/principal';
import { ConfigPublisher } from '../../config-publishing/config-publisher';
import { Problem } from '../../errors/problem';
import type { RequestContext } from '../../http/request-context';
import { assertCatalogModels } from '../catalog-models';
import { isUuid, likePattern, pageOf, parseSort, type SortField } from '../list-query';
import { canManageTeam, canSeeTeam, teamAccessOf, type TeamAccess } from '../tenancy-access';
import { TEAM_SORTS, toTeamView, type CreateTeamInput, type ListTeamsQuery, type TeamView, type UpdateTeamInput } from './team.dto';
import { auditChange } from '../../audit/audit-change';

const SORT_FIELDS: Record<(typeof TEAM_SORTS)[number], SortField> = {
  name: { property: 'name', table: 'teams', column: 'name' },
  createdAt: { property: 'createdAt', table: 'teams', column: 'created_at' },
};

export const teamNotFound = () => new Problem(404, 'not-found', 'No team with this id.');

/**
 * Teams of the caller's org. Everyone sees the teams they belong to; owners, admins and auditors
 * see all. Team admins change their own teams (not `allowedModels`); owners and admins any team.
 * Every change bumps the config version (teams scope keys, limits and model access) and is audited.
 */
@Injectable()
export class TeamsService {
  constructor(private readonly dataSource: DataSource, private readonly publisher: ConfigPublisher) {}

  async list(caller: Caller, query: ListTeamsQuery): Promise<{ items: TeamView[]; nextCursor: string | null }> {
    const access = teamAccessOf(caller);
    const qb = this.dataSource.getRepository(Team).createQueryBuilder('t').where('t.orgId = :orgId', { orgId: access.orgId });
    if (!access.seeAny) {
      const visible = [...new Set([...access.memberTeams, ...access.managedTeams])];
      if (visible.length === 0) return { items: [], nextCursor: null };
      qb.andWhere('t.id IN (:...visible)', { visible });
    }
    if (query.q) qb.andWhere(`t.name ILIKE :q ESCAPE '\\'`, { q: likePattern(query.q) });
    const { field, descending } = parseSort(query.sort);
    const { rows, nextCursor } = await pageOf(qb, 't', SORT_FIELDS[field], descending, query.cursor, query.limit);
    return { items: rows.map(toTeamView), nextCursor };
  }

  async get(caller: Caller, id: string): Promise<TeamView> {
    return toTeamView(await this.visibleTeam(this.dataSource.manager, teamAccessOf(caller), id));
  }

  async create(caller: Caller, input: CreateTeamInput, context: RequestContext): Promise<TeamView> {
    const access = teamAccessOf(caller);
    const { team, version } = await this.dataSource.transaction(async (manager) => {
      await assertCatalogModels(manager, access.orgId, input.allowedModels, 'allowedModels');
      await this.assertNameFree(manager, access.orgId, input.name, null);
      const saved = await manager.save(manager.create(Team, { orgId: access.orgId, name: input.name, description: input.description, allowedModels: input.allowedModels }));
      const fresh = await manager.findOneByOrFail(Team, { id: saved.id });
      const v = await bumpConfigVersion(manager);
      await auditChange(manager, caller, { orgId: access.orgId, action: 'team.created', target: { type: 'team', id: fresh.id }, before: null, after: toTeamView(fresh) }, context);
      return { team: fresh, version: v };
    });
    await this.publisher.publish(version);
    return toTeamView(team);
  }

  async update(caller: Caller, id: string, input: UpdateTeamInput, context: RequestContext): Promise<TeamView> {
    const access = teamAccessOf(caller);
    if (input.allowedModels !== undefined && !access.manageAny) {
      throw new Problem(400, 'validation-failed', 'Only owners and admins change a team’s allowed models (request model access instead).', [
        { path: 'allowedModels', message: 'not allowed for your role' },
      ]);
    }
    const { team, version } = await this.dataSource.transaction(async (manager) => {
      const before = await this.visibleTeam(manager, access, id, true);
      if (!canManageTeam(access, before.id)) throw new Problem(403, 'forbidden', 'You may not change this team.');
      if (input.allowedModels) await assertCatalogModels(manager, access.orgId, input.allowedModels, 'allowedModels');
      if (input.name !== undefined && input.name !== before.name) await this.assertNameFree(manager, access.orgId, input.name, before.id);
      await manager.update(Team, { id: before.id }, { ...input, updatedAt: new Date() });
      const after = await manager.findOneByOrFail(Team, { id: before.id });
      const v = await bumpConfigVersion(manager);
      await auditChange(manager, caller, { orgId: access.orgId, action: 'team.updated', target: { type: 'team', id: before.id }, before: toTeamView(before), after: toTeamView(after) }, context);
      return { team: after, version: v };
    });
    await this.publisher.publish(version);
    return toTeamView(team);
  }

  /**
   * Refuses (409) while the team has active keys, unless `force` (they are revoked in the same
   * transaction), and while service accounts belong to it. Revoked keys keep their history: their
   * team is cleared. Memberships go with the team.
   */
  async remove(caller: Caller, id: string, force: boolean, context: RequestContext): Promise<{ id: string; revokedKeyIds: string[] }> {
    const access = teamAccessOf(caller);
    try {
      const { revokedKeyIds, version } = await this.dataSource.transaction(async (manager) => {
        const before = await this.visibleTeam(manager, access, id, true);
        if (!access.manageAny) throw new Problem(403, 'forbidden', 'Only owners and admins delete teams.');
        const active = (await manager.query('SELECT id FROM api_keys WHERE team_id = $1 AND revoked_at IS NULL ORDER BY created_at, id', [before.id])) as Array<{ id: string }>;
        if (active.length > 0 && !force) {
          throw new Problem(409, 'team-has-active-keys', `The team has ${active.length} active API key(s): revoke them first or delete with ?force=true.`);
        }
        const [{ n: accounts }] = (await manager.query('SELECT count(*)::int AS n FROM service_accounts WHERE team_id = $1', [before.id])) as Array<{ n: number }>;
        if (accounts > 0) throw new Problem(409, 'team-has-service-accounts', `${accounts} service account(s) belong to the team: move or delete them first.`);
        if (active.length > 0) await manager.query('UPDATE api_keys SET revoked_at = now() WHERE team_id = $1 AND revoked_at IS NULL', [before.id]);
        await manager.query('UPDATE api_keys SET team_id = NULL WHERE team_id = $1', [before.id]);
        await manager.delete(Team, { id: before.id });
        const v = await bumpConfigVersion(manager);
        const revoked = active.map((k) => k.id);
        await auditChange(manager, caller, { orgId: access.orgId, action: 'team.deleted', target: { type: 'team', id: before.id }, before: toTeamView(before), after: { revokedKeyIds: revoked } }, context);
        return { revokedKeyIds: revoked, version: v };
      });
      await this.publisher.publish(version);
      return { id, revokedKeyIds };
    } catch (error) {
      // Another feature's rows (budgets, policies, model access …) still point at the team.
      if (error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23503') {
        throw new Problem(409, 'team-in-use', 'Other settings still refer to this team (policies, budgets, model access); remove them first.');
      }
      throw error;
    }
  }

  /** The team when the caller may see it; 404 for another org's team, a team the caller cannot see, or a malformed id. */
  async visibleTeam(manager: EntityManager, access: TeamAccess, id: string, lock = false): Promise<Team> {
    if (!isUuid(id)) throw teamNotFound();
    const team = await manager.findOne(Team, { where: { id, orgId: access.orgId }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
    if (!team || !canSeeTeam(access, team.id)) throw teamNotFound();
    return team;
  }

  private async assertNameFree(manager: EntityManager, orgId: string, name: string, exceptId: string | null): Promise<void> {
    const clash = await manager.findOneBy(Team, { orgId, name });
    if (clash && clash.id !== exceptId) throw new Problem(409, 'team-name-taken', 'A team with this name exists in the organization.');
  }
}
