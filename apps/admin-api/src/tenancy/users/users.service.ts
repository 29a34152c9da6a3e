import { Injectable } from '@nestjs/common';
import { DataSource, In, IsNull, type EntityManager } from 'typeorm';
import { bumpConfigVersion, Membership, Team, User, type MembershipRole } from '@sluice/db';
import { orgIdOf, type Caller } from '../../auth/principal';
import { SessionStore } from '../../auth/session.store';
import { ConfigPublisher } from '../../config-publishing/config-publisher';
import { Problem } from '../../errors/problem';
import type { RequestContext } from '../../http/request-context';
import { isUuid, likePattern, pageOf, parseSort, type SortField } from '../list-query';
import { canSeeTeam, teamAccessOf } from '../tenancy-access';
import { NO_SIGN_IN_METHOD, signInMethodsOf } from './sign-in-methods';
import { toUserRecord, toUserView, USER_SORTS, type CreateUserInput, type ListUsersQuery, type UpdateUserInput, type UserRecord, type UserView } from './user.dto';
import { auditChange } from '../../audit/audit-change';

const SORT_FIELDS: Record<(typeof USER_SORTS)[number], SortField> = {
  email: { property: 'email', table: 'users', column: 'email' },
  displayName: { property: 'displayName', table: 'users', column: 'display_name' },
  createdAt: { property: 'createdAt', table: 'users', column: 'created_at' },
};

const userNotFound = () => new Problem(404, 'not-found', 'No user with this id in the organization.');

interface OrgUser {
  user: User;
  /** The user's memberships in the caller's org. */
  memberships: Membership[];
}

/**
 * Users as seen from the caller's organization (a user is in an org through memberships). Owners
 * and admins invite, change and remove users; only owners grant or change the owner role, and the
 * last active owner can be neither demoted, deactivated nor removed. Deactivating or suspending ends
 * the user's sessions (after commit); deactivating and removing revoke their keys in the org.
 */
@Injectable()
export class UsersService {
  constructor(private readonly dataSource: DataSource, private readonly sessions: SessionStore, private readonly publisher: ConfigPublisher) {}

  async list(caller: Caller, query: ListUsersQuery): Promise<{ items: UserView[]; nextCursor: string | null }> {
    const orgId = orgIdOf(caller);
    if (query.teamId && !canSeeTeam(teamAccessOf(caller), query.teamId)) throw new Problem(404, 'not-found', 'No team with this id.');
    const qb = this.dataSource
      .getRepository(User)
      .createQueryBuilder('u')
      .where('EXISTS (SELECT 1 FROM memberships om WHERE om.user_id = u.id AND om.org_id = :orgId)', { orgId });
    if (query.status) qb.andWhere('u.status = :status', { status: query.status });
    if (query.teamId) qb.andWhere('EXISTS (SELECT 1 FROM memberships tm WHERE tm.user_id = u.id AND tm.org_id = :orgId AND tm.team_id = :teamId)', { teamId: query.teamId });
    if (query.role) qb.andWhere('EXISTS (SELECT 1 FROM memberships rm WHERE rm.user_id = u.id AND rm.org_id = :orgId AND rm.role = :role)', { role: query.role });
    if (query.q) qb.andWhere(`(u.email ILIKE :q ESCAPE '\\' OR u.displayName ILIKE :q ESCAPE '\\')`, { q: likePattern(query.q) });
    const { field, descending } = parseSort(query.sort);
    const { rows, nextCursor } = await pageOf(qb, 'u', SORT_FIELDS[field], descending, query.cursor, query.limit);
    const userIds = rows.map((u) => u.id);
    const memberships = rows.length ? await this.dataSource.getRepository(Membership).findBy({ orgId, userId: In(userIds) }) : [];
    const signIns = await signInMethodsOf(this.dataSource.manager, orgId, userIds);
    return { items: rows.map((u) => toUserView(toUserRecord(u, memberships.filter((m) => m.userId === u.id)), signIns.get(u.id) ?? NO_SIGN_IN_METHOD)), nextCursor };
  }

  async get(caller: Caller, id: string): Promise<UserView> {
    const orgId = orgIdOf(caller);
    const { user, memberships } = await this.orgUser(this.dataSource.manager, orgId, id);
    return this.viewOf(this.dataSource.manager, orgId, toUserRecord(user, memberships));
  }

  async create(caller: Caller, input: CreateUserInput, context: RequestContext): Promise<UserView> {
    const orgId = orgIdOf(caller);
    if (input.role === 'owner') this.assertOwner(caller, 'Only owners grant the owner role.');
    return this.dataSource.transaction(async (manager) => {
      const teamIds = [...new Set(input.teams.map((t) => t.teamId))];
      const teams = teamIds.length ? await manager.findBy(Team, { orgId, id: In(teamIds) }) : [];
      if (teams.length !== teamIds.length) throw new Problem(404, 'not-found', 'No team with this id.');
      let user = await manager.getRepository(User).createQueryBuilder('u').where('lower(u.email) = lower(:email)', { email: input.email }).setLock('pessimistic_write').getOne();
      if (user && (await manager.countBy(Membership, { userId: user.id, orgId })) > 0) {
        throw new Problem(409, 'user-exists', 'A user with this email is already in the organization.');
      }
      user ??= await manager.save(manager.create(User, { email: input.email, displayName: input.displayName, passwordHash: null, status: 'active' }));
      const rows = [
        ...(input.role ? [{ userId: user.id, orgId, teamId: null, role: input.role }] : []),
        ...input.teams.map((t) => ({ userId: user.id, orgId, teamId: t.teamId, role: t.role as MembershipRole })),
      ];
      const memberships = await manager.save(rows.map((r) => manager.create(Membership, r)));
      const record = toUserRecord(await manager.findOneByOrFail(User, { id: user.id }), memberships);
      await auditChange(manager, caller, { orgId, action: 'user.invited', target: { type: 'user', id: user.id }, before: null, after: record }, context);
      return this.viewOf(manager, orgId, record);
    });
  }

  async update(caller: Caller, id: string, input: UpdateUserInput, context: RequestContext): Promise<UserView> {
    const orgId = orgIdOf(caller);
    const result = await this.dataSource.transaction(async (manager) => {
      const { user, memberships } = await this.orgUser(manager, orgId, id, true);
      const before = toUserRecord(user, memberships);
      const orgWide = memberships.find((m) => m.teamId === null) ?? null;
      const roleChanges = input.role !== undefined && input.role !== (orgWide?.role ?? null);
      if (orgWide?.role === 'owner' || input.role === 'owner') this.assertOwner(caller, 'Only owners change owners or grant the owner role.');
      const globalChange = (input.displayName !== undefined && input.displayName !== user.displayName) || (input.status !== undefined && input.status !== user.status);
      if (globalChange && (await this.inOtherOrgs(manager, user.id, orgId))) {
        throw new Problem(409, 'user-in-other-organizations', 'The user also belongs to other organizations: their name and status are not this org’s to change (remove them from this org instead).');
      }
      const losesOwner = orgWide?.role === 'owner' && ((roleChanges && input.role !== 'owner') || (input.status !== undefined && input.status !== 'active'));
      if (losesOwner) await this.assertAnotherOwner(manager, orgId, user.id);
      if (roleChanges && input.role === null && memberships.length === 1) {
        throw new Problem(409, 'last-membership', 'This is the user’s only membership in the organization: remove the user instead.');
      }

      if (globalChange) await manager.update(User, { id: user.id }, { ...(input.displayName !== undefined ? { displayName: input.displayName } : {}), ...(input.status !== undefined ? { status: input.status } : {}), updatedAt: new Date() });
      if (roleChanges) {
        if (input.role === null) await manager.delete(Membership, { id: (orgWide as Membership).id });
        else if (orgWide) await manager.update(Membership, { id: orgWide.id }, { role: input.role });
        else await manager.save(manager.create(Membership, { userId: user.id, orgId, teamId: null, role: input.role }));
      }
      const revokedKeyIds = input.status === 'deactivated' && user.status !== 'deactivated' ? await this.revokeKeys(manager, orgId, user.id) : [];
      const version = revokedKeyIds.length ? await bumpConfigVersion(manager) : null;
      const fresh = await this.orgUser(manager, orgId, user.id);
      const after = toUserRecord(fresh.user, fresh.memberships);
      if (globalChange) await auditChange(manager, caller, { orgId, action: 'user.updated', target: { type: 'user', id: user.id }, before, after: { ...after, revokedKeyIds } }, context);
      if (roleChanges) await auditChange(manager, caller, { orgId, action: 'user.role_changed', target: { type: 'user', id: user.id }, before: { orgRole: before.orgRole }, after: { orgRole: after.orgRole } }, context);
      return { after: await this.viewOf(manager, orgId, after), version, endSessions: input.status !== undefined && input.status !== 'active' };
    });
    if (result.version !== null) await this.publisher.publish(result.version);
    if (result.endSessions) await this.sessions.revokeAllForUser(id);
    return result.after;
  }

  /** Removes the user from the org (every membership in it) and revokes their keys there. Their other orgs are untouched. */
  async remove(caller: Caller, id: string, context: RequestContext): Promise<{ id: string; revokedKeyIds: string[] }> {
    const orgId = orgIdOf(caller);
    const { revokedKeyIds, version } = await this.dataSource.transaction(async (manager) => {
      const { user, memberships } = await this.orgUser(manager, orgId, id, true);
      const isOwner = memberships.some((m) => m.role === 'owner');
      if (isOwner) {
        this.assertOwner(caller, 'Only owners remove owners.');
        await this.assertAnotherOwner(manager, orgId, user.id);
      }
      await manager.delete(Membership, { userId: user.id, orgId });
      const revoked = await this.revokeKeys(manager, orgId, user.id);
      const v = revoked.length ? await bumpConfigVersion(manager) : null;
      await auditChange(manager, caller, { orgId, action: 'user.removed', target: { type: 'user', id: user.id }, before: toUserRecord(user, memberships), after: { revokedKeyIds: revoked } }, context);
      return { revokedKeyIds: revoked, version: v };
    });
    if (version !== null) await this.publisher.publish(version);
    return { id, revokedKeyIds };
  }

  private async viewOf(manager: EntityManager, orgId: string, record: UserRecord): Promise<UserView> {
    return toUserView(record, (await signInMethodsOf(manager, orgId, [record.id])).get(record.id) ?? NO_SIGN_IN_METHOD);
  }

  private async orgUser(manager: EntityManager, orgId: string, id: string, lock = false): Promise<OrgUser> {
    if (!isUuid(id)) throw userNotFound();
    const memberships = await manager.find(Membership, { where: { userId: id, orgId }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
    if (memberships.length === 0) throw userNotFound();
    const user = await manager.findOne(User, { where: { id }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
    if (!user) throw userNotFound();
    return { user, memberships };
  }

  private assertOwner(caller: Caller, detail: string): void {
    if (!caller.roles.includes('owner')) throw new Problem(403, 'forbidden', detail);
  }

  /** 409 unless another active user keeps the org-wide owner role (owner rows locked so two demotions cannot race). */
  private async assertAnotherOwner(manager: EntityManager, orgId: string, leavingUserId: string): Promise<void> {
    const owners = await manager.find(Membership, { where: { orgId, teamId: IsNull(), role: 'owner' }, lock: { mode: 'pessimistic_write' } });
    const others = owners.map((m) => m.userId).filter((u) => u !== leavingUserId);
    const active = others.length ? await manager.countBy(User, { id: In(others), status: 'active' }) : 0;
    if (active === 0) throw new Problem(409, 'last-owner', 'The organization needs at least one active owner: make someone else owner first.');
  }

  private async inOtherOrgs(manager: EntityManager, userId: string, orgId: string): Promise<boolean> {
    const [{ n }] = (await manager.query('SELECT count(*)::int AS n FROM memberships WHERE user_id = $1 AND org_id <> $2', [userId, orgId])) as Array<{ n: number }>;
    return n > 0;
  }

  private async revokeKeys(manager: EntityManager, orgId: string, userId: string): Promise<string[]> {
    const [rows] = (await manager.query('UPDATE api_keys SET revoked_at = now() WHERE org_id = $1 AND user_id = $2 AND revoked_at IS NULL RETURNING id', [orgId, userId])) as [
      Array<{ id: string }>,
      number,
    ];
    return rows.map((r) => r.id);
  }
}
