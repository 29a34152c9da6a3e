import { Injectable } from '@nestjs/common';
import { DataSource, In, type EntityManager } from 'typeorm';
import { bumpConfigVersion, Membership, User } from '@sluice/db';
import type { Caller } from '../../auth/principal';
import { ConfigPublisher } from '../../config-publishing/config-publisher';
import { Problem } from '../../errors/problem';
import type { RequestContext } from '../../http/request-context';
import { isUuid, likePattern, pageOf, parseSort, type SortField } from '../list-query';
import { canManageTeam, teamAccessOf, type TeamAccess } from '../tenancy-access';
import { TeamsService } from '../teams/teams.service';
import { MEMBER_SORTS, type AddTeamMemberInput, type ListTeamMembersQuery, type TeamMemberView, type TeamRole } from './team-member.dto';
import { auditChange } from '../../audit/audit-change';

const SORT_FIELDS: Record<(typeof MEMBER_SORTS)[number], SortField> = {
  email: { property: 'email', table: 'users', column: 'email' },
  displayName: { property: 'displayName', table: 'users', column: 'display_name' },
};

const memberNotFound = () => new Problem(404, 'not-found', 'No member with this id in the team.');

/**
 * Members of one team. Whoever sees the team sees its members; team admins manage the members of
 * the teams they administer, owners and admins of every team. Only team roles can be given here.
 * Removing a member revokes their active keys in that team (config version bumped and published).
 */
@Injectable()
export class TeamMembersService {
  constructor(private readonly dataSource: DataSource, private readonly teams: TeamsService, private readonly publisher: ConfigPublisher) {}

  async list(caller: Caller, teamId: string, query: ListTeamMembersQuery): Promise<{ items: TeamMemberView[]; nextCursor: string | null }> {
    const access = teamAccessOf(caller);
    const team = await this.teams.visibleTeam(this.dataSource.manager, access, teamId);
    const qb = this.dataSource
      .getRepository(User)
      .createQueryBuilder('u')
      .innerJoin(Membership, 'm', 'm.userId = u.id AND m.teamId = :teamId', { teamId: team.id });
    if (query.role) qb.andWhere('m.role = :role', { role: query.role });
    if (query.q) qb.andWhere(`(u.email ILIKE :q ESCAPE '\\' OR u.displayName ILIKE :q ESCAPE '\\')`, { q: likePattern(query.q) });
    const { field, descending } = parseSort(query.sort);
    const { rows, nextCursor } = await pageOf(qb, 'u', SORT_FIELDS[field], descending, query.cursor, query.limit);
    const memberships = rows.length ? await this.dataSource.getRepository(Membership).findBy({ teamId: team.id, userId: In(rows.map((u) => u.id)) }) : [];
    const byUser = new Map(memberships.map((m) => [m.userId, m]));
    return { items: rows.map((u) => toMemberView(u, byUser.get(u.id) as Membership)), nextCursor };
  }

  async add(caller: Caller, teamId: string, input: AddTeamMemberInput, context: RequestContext): Promise<TeamMemberView> {
    const access = teamAccessOf(caller);
    return this.dataSource.transaction(async (manager) => {
      const team = await this.manageableTeam(manager, access, teamId);
      const user = await this.orgUser(manager, access.orgId, input.userId);
      if (await manager.findOneBy(Membership, { userId: user.id, teamId: team })) throw new Problem(409, 'already-a-member', 'The user is already a member of this team.');
      const saved = await manager.save(manager.create(Membership, { userId: user.id, orgId: access.orgId, teamId: team, role: input.role }));
      const view = toMemberView(user, saved);
      await auditChange(manager, caller, { orgId: access.orgId, action: 'membership.created', target: { type: 'membership', id: saved.id }, before: null, after: view }, context);
      return view;
    });
  }

  async changeRole(caller: Caller, teamId: string, userId: string, role: TeamRole, context: RequestContext): Promise<TeamMemberView> {
    const access = teamAccessOf(caller);
    return this.dataSource.transaction(async (manager) => {
      const team = await this.manageableTeam(manager, access, teamId);
      const { user, membership } = await this.member(manager, team, userId);
      const before = toMemberView(user, membership);
      await manager.update(Membership, { id: membership.id }, { role });
      const after = toMemberView(user, { ...membership, role });
      await auditChange(manager, caller, { orgId: access.orgId, action: 'membership.role_changed', target: { type: 'membership', id: membership.id }, before, after }, context);
      return after;
    });
  }

  async remove(caller: Caller, teamId: string, userId: string, context: RequestContext): Promise<{ userId: string; teamId: string; revokedKeyIds: string[] }> {
    const access = teamAccessOf(caller);
    const { revokedKeyIds, version } = await this.dataSource.transaction(async (manager) => {
      const team = await this.manageableTeam(manager, access, teamId);
      const { user, membership } = await this.member(manager, team, userId);
      await manager.delete(Membership, { id: membership.id });
      const revoked = (await manager.query(
        'UPDATE api_keys SET revoked_at = now() WHERE team_id = $1 AND user_id = $2 AND revoked_at IS NULL RETURNING id',
        [team, user.id],
      )) as [Array<{ id: string }>, number];
      const ids = revoked[0].map((r) => r.id);
      const v = ids.length ? await bumpConfigVersion(manager) : null;
      await auditChange(manager, caller, { orgId: access.orgId, action: 'membership.deleted', target: { type: 'membership', id: membership.id }, before: toMemberView(user, membership), after: { revokedKeyIds: ids } }, context);
      return { revokedKeyIds: ids, version: v };
    });
    if (version !== null) await this.publisher.publish(version);
    return { userId, teamId, revokedKeyIds };
  }

  private async manageableTeam(manager: EntityManager, access: TeamAccess, teamId: string): Promise<string> {
    const team = await this.teams.visibleTeam(manager, access, teamId);
    if (!canManageTeam(access, team.id)) throw new Problem(403, 'forbidden', 'You may not manage the members of this team.');
    return team.id;
  }

  /** A user with any membership in the org; 404 otherwise (users of other orgs are invisible). */
  private async orgUser(manager: EntityManager, orgId: string, userId: string): Promise<User> {
    const notFound = new Problem(404, 'not-found', 'No user with this id in the organization.');
    if (!isUuid(userId)) throw notFound;
    const user = await manager
      .getRepository(User)
      .createQueryBuilder('u')
      .where('u.id = :userId', { userId })
      .andWhere('EXISTS (SELECT 1 FROM memberships om WHERE om.user_id = u.id AND om.org_id = :orgId)', { orgId })
      .getOne();
    if (!user) throw notFound;
    return user;
  }

  private async member(manager: EntityManager, teamId: string, userId: string): Promise<{ user: User; membership: Membership }> {
    if (!isUuid(userId)) throw memberNotFound();
    const membership = await manager.findOne(Membership, { where: { userId, teamId }, lock: { mode: 'pessimistic_write' } });
    if (!membership) throw memberNotFound();
    return { user: await manager.findOneByOrFail(User, { id: userId }), membership };
  }
}

function toMemberView(user: User, membership: Pick<Membership, 'teamId' | 'role' | 'createdAt'>): TeamMemberView {
  return {
    userId: user.id,
    teamId: membership.teamId as string,
    email: user.email,
    displayName: user.displayName,
    status: user.status,
    role: membership.role,
    createdAt: membership.createdAt.toISOString(),
  };
}
