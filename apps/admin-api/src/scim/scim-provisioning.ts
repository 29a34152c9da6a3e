import { Inject, Injectable } from '@nestjs/common';
import { DataSource, In, IsNull, type EntityManager } from 'typeorm';
import { ApiKey, bumpConfigVersion, Membership, ScimGroup, ScimGroupMember, SsoGroupMapping, User } from '@sluice/db';
import { SessionStore } from '../auth/session.store';
import { ConfigPublisher } from '../config-publishing/config-publisher';
import type { RequestContext } from '../http/request-context';
import { syncMappedMemberships, toRule } from '../sso/provisioning/jit-provisioner';
import { auditIdpEvent } from '../sso/sso-audit';
import type { ScimCaller } from './scim-token.guard';

/** Effects to run after the SCIM transaction committed. */
export interface AfterCommit {
  revokeSessionsOf: string[];
  publishVersion: number | null;
}

/**
 * What SCIM changes do to the rest of Sluice: group membership → the org's group mappings (the same
 * mapping table SSO uses), deactivation → sessions ended, and (per token setting) the user's API
 * keys in the org revoked with a config version bump.
 */
@Injectable()
export class ScimProvisioning {
  constructor(private readonly dataSource: DataSource, private readonly sessions: SessionStore, @Inject(ConfigPublisher) private readonly publisher: ConfigPublisher) {}

  /** Re-derives a user's mapped memberships from the SCIM groups they are in. */
  async syncGroupsOf(manager: EntityManager, caller: ScimCaller, scimUserId: string, userId: string, context: RequestContext): Promise<void> {
    const groups = await manager
      .createQueryBuilder(ScimGroup, 'g')
      .innerJoin(ScimGroupMember, 'm', 'm.groupId = g.id')
      .where('m.scimUserId = :scimUserId AND g.orgId = :orgId', { scimUserId, orgId: caller.orgId })
      .getMany();
    const rules = (await manager.findBy(SsoGroupMapping, { orgId: caller.orgId })).map(toRule);
    await syncMappedMemberships(manager, { userId, orgId: caller.orgId, groups: groups.map((g) => g.displayName), rules, source: 'scim', authMethod: 'scim_token', scimTokenId: caller.tokenId }, context);
  }

  /** Deactivates (or reactivates) the user; on deactivation revokes the user's keys in the org when the token says so. */
  async setActive(manager: EntityManager, caller: ScimCaller, userId: string, active: boolean, context: RequestContext, after: AfterCommit): Promise<void> {
    const user = await manager.findOneByOrFail(User, { id: userId });
    const status = active ? 'active' : 'deactivated';
    if (user.status === status) return;
    await manager.update(User, { id: userId }, { status });
    await auditIdpEvent(manager, { scimTokenId: caller.tokenId, authMethod: 'scim_token' }, { orgId: caller.orgId, action: active ? 'scim.user_reactivated' : 'scim.user_deactivated', target: { type: 'user', id: userId }, before: { status: user.status }, after: { status } }, context);
    if (active) return;
    // Sessions end right after the commit (Redis); the revocation is recorded with the deactivation.
    after.revokeSessionsOf.push(userId);
    await auditIdpEvent(manager, { scimTokenId: caller.tokenId, authMethod: 'scim_token' }, { orgId: caller.orgId, action: 'auth.sessions_revoked', target: { type: 'user', id: userId }, after: { reason: 'scim_deactivation', revokeKeys: caller.revokeKeysOnDeactivate } }, context);
    if (!caller.revokeKeysOnDeactivate) return;
    const keys = await manager.findBy(ApiKey, { orgId: caller.orgId, userId, revokedAt: IsNull() });
    if (keys.length === 0) return;
    await manager.update(ApiKey, { id: In(keys.map((k) => k.id)) }, { revokedAt: new Date() });
    after.publishVersion = await bumpConfigVersion(manager);
    for (const key of keys) {
      await auditIdpEvent(manager, { scimTokenId: caller.tokenId, authMethod: 'scim_token' }, { orgId: caller.orgId, action: 'api_key.revoked', target: { type: 'api_key', id: key.id }, after: { reason: 'scim_deactivation', userId } }, context);
    }
  }

  /** Removes the user's memberships in the org (SCIM DELETE). */
  async removeFromOrg(manager: EntityManager, caller: ScimCaller, userId: string, context: RequestContext): Promise<void> {
    const memberships = await manager.findBy(Membership, { userId, orgId: caller.orgId });
    if (memberships.length === 0) return;
    await manager.delete(Membership, { id: In(memberships.map((m) => m.id)) });
    await auditIdpEvent(manager, { scimTokenId: caller.tokenId, authMethod: 'scim_token' }, { orgId: caller.orgId, action: 'provisioning.membership_removed', target: { type: 'user', id: userId }, before: { memberships: memberships.map((m) => ({ teamId: m.teamId, role: m.role })) } }, context);
  }

  /** Runs `work` in one transaction, then ends sessions and publishes the config version it produced. */
  async inTransaction<T>(work: (manager: EntityManager, after: AfterCommit) => Promise<T>): Promise<T> {
    const after: AfterCommit = { revokeSessionsOf: [], publishVersion: null };
    const result = await this.dataSource.transaction((manager) => work(manager, after));
    for (const userId of after.revokeSessionsOf) await this.sessions.revokeAllForUser(userId);
    if (after.publishVersion !== null) await this.publisher.publish(after.publishVersion);
    return result;
  }
}
