import { Injectable } from '@nestjs/common';
import { DataSource, In, type EntityManager } from 'typeorm';
import { Membership, ProvisionedMembership, SsoGroupMapping, SsoIdentity, User, type MembershipRole, type ProvisioningSource } from '@sluice/db';
import type { RequestContext } from '../../http/request-context';
import { auditIdpEvent } from '../sso-audit';
import { desiredMemberships, planMembershipChanges, type CurrentMembership, type MappingRule, type MembershipChanges } from './membership-plan';

/** What an IdP asserted about the person signing in. */
export interface IdpProfile {
  orgId: string;
  connectionId: string;
  method: 'oidc' | 'saml';
  subject: string;
  email: string;
  /** OIDC `email_verified`; SAML assertions from the configured IdP count as verified. */
  emailVerified: boolean;
  name: string | null;
  groups: string[];
  /** SAML: what a single logout will name to end the session. */
  saml?: { nameIdFormat?: string; sessionIndex?: string };
}

/** The outcome a sign-in would have (see JitProvisioner.preview). */
export interface ProvisioningPreview {
  user: { action: 'existing' | 'link_by_email' | 'create'; userId: string | null; email: string };
  /** The IdP groups that at least one mapping of the connection names. */
  matchedGroups: string[];
  changes: {
    add: MembershipChanges['add'];
    remove: Array<{ teamId: string | null; role: MembershipRole }>;
    change: Array<{ teamId: string | null; from: MembershipRole; to: MembershipRole }>;
  };
  membershipsAfter: Array<{ teamId: string | null; role: MembershipRole; source: 'manual' | 'provisioned' }>;
}

export class ProvisioningRefused extends Error {
  constructor(readonly reason: 'email_not_verified' | 'user_inactive' | 'email_missing', message: string) {
    super(message);
    this.name = 'ProvisioningRefused';
  }
}

/**
 * Just-in-time provisioning at SSO sign-in: finds the user by the IdP subject (or links an existing
 * user by verified email, or creates one), then makes the user's group-mapped memberships in the org
 * match the IdP groups. Only memberships granted by mappings are ever changed or removed; ones an
 * admin created stay. Every change is audited in the same transaction.
 */
@Injectable()
export class JitProvisioner {
  constructor(private readonly dataSource: DataSource) {}

  async provision(profile: IdpProfile, context: RequestContext): Promise<string> {
    return this.dataSource.transaction(async (manager) => {
      const userId = await this.resolveUser(manager, profile, context);
      const rules = (await manager.findBy(SsoGroupMapping, { connectionId: profile.connectionId, orgId: profile.orgId })).map(toRule);
      await syncMappedMemberships(manager, { userId, orgId: profile.orgId, groups: profile.groups, rules, source: 'sso', authMethod: profile.method }, context);
      return userId;
    });
  }

  /**
   * What `provision` would do for this profile, without changing anything: which user it resolves to
   * (existing, linked by verified email, or created) and the membership changes the group mappings
   * would make. Throws ProvisioningRefused exactly where `provision` would. Used by "test connection".
   */
  async preview(profile: IdpProfile): Promise<ProvisioningPreview> {
    const manager = this.dataSource.manager;
    const identity = await manager.findOneBy(SsoIdentity, { connectionId: profile.connectionId, subject: profile.subject });
    let user = identity ? await manager.findOneBy(User, { id: identity.userId }) : null;
    let action: ProvisioningPreview['user']['action'] = 'existing';
    if (!user) {
      if (!profile.email.includes('@')) throw new ProvisioningRefused('email_missing', 'The IdP sent no email address.');
      const byEmail = await manager.getRepository(User).createQueryBuilder('u').where('lower(u.email) = lower(:email)', { email: profile.email }).getOne();
      if (byEmail && !profile.emailVerified) throw new ProvisioningRefused('email_not_verified', 'The IdP did not verify this email address, so it is not linked to the existing account.');
      user = byEmail;
      action = user ? 'link_by_email' : 'create';
    }
    if (user && user.status !== 'active') throw new ProvisioningRefused('user_inactive', 'This account is deactivated.');
    const rules = (await manager.findBy(SsoGroupMapping, { connectionId: profile.connectionId, orgId: profile.orgId })).map(toRule);
    const current = user ? await currentMemberships(manager, user.id, profile.orgId) : [];
    const plan = planMembershipChanges(current, desiredMemberships(profile.groups, rules));
    const gone = new Set(plan.remove.map((m) => m.id));
    const changed = new Map(plan.change.map((c) => [c.membership.id, c.role]));
    return {
      user: { action, userId: user?.id ?? null, email: user?.email ?? profile.email },
      matchedGroups: [...new Set(profile.groups)].filter((g) => rules.some((r) => r.idpGroup === g)),
      changes: {
        add: plan.add,
        remove: plan.remove.map((m) => ({ teamId: m.teamId, role: m.role })),
        change: plan.change.map((c) => ({ teamId: c.membership.teamId, from: c.membership.role, to: c.role })),
      },
      membershipsAfter: [
        ...current.filter((m) => !gone.has(m.id)).map((m) => ({ teamId: m.teamId, role: changed.get(m.id) ?? m.role, source: m.provisioned ? ('provisioned' as const) : ('manual' as const) })),
        ...plan.add.map((a) => ({ ...a, source: 'provisioned' as const })),
      ],
    };
  }

  private async resolveUser(manager: EntityManager, profile: IdpProfile, context: RequestContext): Promise<string> {
    const actor = (userId: string | null) => ({ userId, authMethod: profile.method });
    const identity = await manager.findOneBy(SsoIdentity, { connectionId: profile.connectionId, subject: profile.subject });
    let user = identity ? await manager.findOneBy(User, { id: identity.userId }) : null;
    if (!user) {
      if (!profile.email.includes('@')) throw new ProvisioningRefused('email_missing', 'The IdP sent no email address.');
      const byEmail = await manager.getRepository(User).createQueryBuilder('u').where('lower(u.email) = lower(:email)', { email: profile.email }).getOne();
      if (byEmail && !profile.emailVerified) throw new ProvisioningRefused('email_not_verified', 'The IdP did not verify this email address, so it is not linked to the existing account.');
      user = byEmail;
      if (!user) {
        user = await manager.save(manager.create(User, { email: profile.email, displayName: profile.name || profile.email, passwordHash: null, status: 'active' }));
        await auditIdpEvent(manager, actor(user.id), { orgId: profile.orgId, action: 'provisioning.user_created', target: { type: 'user', id: user.id }, after: { email: user.email, displayName: user.displayName, connectionId: profile.connectionId } }, context);
      }
      await manager.save(manager.create(SsoIdentity, { orgId: profile.orgId, connectionId: profile.connectionId, userId: user.id, subject: profile.subject }));
      await auditIdpEvent(manager, actor(user.id), { orgId: profile.orgId, action: 'provisioning.identity_linked', target: { type: 'user', id: user.id }, after: { connectionId: profile.connectionId, subject: profile.subject } }, context);
    }
    if (user.status !== 'active') throw new ProvisioningRefused('user_inactive', 'This account is deactivated.');
    await manager.update(SsoIdentity, { connectionId: profile.connectionId, subject: profile.subject }, { lastLoginAt: new Date() });
    if (profile.name && profile.name !== user.displayName) await manager.update(User, { id: user.id }, { displayName: profile.name });
    return user.id;
  }
}

export function toRule(m: SsoGroupMapping): MappingRule {
  return { idpGroup: m.idpGroup, orgRole: m.orgRole, teamId: m.teamId, teamRole: m.teamRole };
}

export interface MembershipSync {
  userId: string;
  orgId: string;
  groups: readonly string[];
  rules: readonly MappingRule[];
  source: ProvisioningSource;
  authMethod: 'oidc' | 'saml' | 'scim_token';
  /** SCIM token id when SCIM drives the change (the audit actor). */
  scimTokenId?: string;
}

/**
 * Makes the user's provisioned memberships in the org equal to what the groups map to (see
 * planMembershipChanges), auditing every change in the caller's transaction.
 */
export async function syncMappedMemberships(manager: EntityManager, sync: MembershipSync, context: RequestContext): Promise<void> {
  const current = await currentMemberships(manager, sync.userId, sync.orgId);
  const plan = planMembershipChanges(current, desiredMemberships(sync.groups, sync.rules));
  const actor = sync.scimTokenId ? { scimTokenId: sync.scimTokenId, authMethod: sync.authMethod } : { userId: sync.userId, authMethod: sync.authMethod };
  const audit = (action: string, before: unknown, after: unknown) =>
    auditIdpEvent(manager, actor, { orgId: sync.orgId, action, target: { type: 'user', id: sync.userId }, before, after }, context);

  for (const membership of plan.remove) {
    await manager.delete(Membership, { id: membership.id });
    await audit('provisioning.membership_removed', { teamId: membership.teamId, role: membership.role, source: sync.source }, null);
  }
  for (const { membership, role } of plan.change) {
    const view = { teamId: membership.teamId, role: membership.role, source: sync.source };
    await manager.update(Membership, { id: membership.id }, { role });
    await audit('provisioning.membership_changed', view, { ...view, role });
  }
  for (const { teamId, role } of plan.add) {
    const saved = await manager.save(manager.create(Membership, { userId: sync.userId, orgId: sync.orgId, teamId, role }));
    await manager.save(manager.create(ProvisionedMembership, { membershipId: saved.id, source: sync.source }));
    await audit('provisioning.membership_added', null, { teamId, role, source: sync.source });
  }
}

/** The user's memberships in the org, each marked as provisioned (mapping/SCIM) or manual. */
export async function currentMemberships(manager: EntityManager, userId: string, orgId: string): Promise<CurrentMembership[]> {
  const existing = await manager.findBy(Membership, { userId, orgId });
  const provisionedIds = new Set(
    existing.length ? (await manager.findBy(ProvisionedMembership, { membershipId: In(existing.map((m) => m.id)) })).map((p) => p.membershipId) : [],
  );
  return existing.map((m) => ({ id: m.id, teamId: m.teamId, role: m.role, provisioned: provisionedIds.has(m.id) }));
}
