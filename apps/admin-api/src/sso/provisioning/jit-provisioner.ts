import { Injectable } from '@nestjs/common';
import { DataSource, In, type EntityManager } from 'typeorm';
import { Membership, ProvisionedMembership, SsoGroupMapping, SsoIdentity, User, type MembershipRole, type ProvisioningSource } from '@sluice/db';
import type { RequestContext } from '../../http/request-context';
import { auditIdpEvent } from '../sso-audit';
import { desiredMemberships, ORG_WIDE, type MappingRule } from './membership-plan';

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
 * Makes the user's provisioned memberships in the org equal to what the groups map to. A user with
 * no membership at all afterwards gets a provisioned org-wide `viewer` membership, so a signed-in
 * person always lands in the org.
 */
export async function syncMappedMemberships(manager: EntityManager, sync: MembershipSync, context: RequestContext): Promise<void> {
  const desired = desiredMemberships(sync.groups, sync.rules);
  const existing = await manager.findBy(Membership, { userId: sync.userId, orgId: sync.orgId });
  const provisionedIds = new Set(
    existing.length ? (await manager.findBy(ProvisionedMembership, { membershipId: In(existing.map((m) => m.id)) })).map((p) => p.membershipId) : [],
  );
  const manual = existing.filter((m) => !provisionedIds.has(m.id));
  if (desired.size === 0 && manual.length === 0) desired.set(ORG_WIDE, 'viewer');
  const actor = sync.scimTokenId ? { scimTokenId: sync.scimTokenId, authMethod: sync.authMethod } : { userId: sync.userId, authMethod: sync.authMethod };
  const audit = (action: string, before: unknown, after: unknown) =>
    auditIdpEvent(manager, actor, { orgId: sync.orgId, action, target: { type: 'user', id: sync.userId }, before, after }, context);

  for (const membership of existing) {
    if (!provisionedIds.has(membership.id)) continue;
    const place = membership.teamId ?? ORG_WIDE;
    const role = desired.get(place);
    const view = { teamId: membership.teamId, role: membership.role, source: sync.source };
    if (!role) {
      await manager.delete(Membership, { id: membership.id });
      await audit('provisioning.membership_removed', view, null);
    } else if (role !== membership.role) {
      await manager.update(Membership, { id: membership.id }, { role });
      await audit('provisioning.membership_changed', view, { ...view, role });
    }
  }
  for (const [place, role] of desired) {
    const teamId = place === ORG_WIDE ? null : place;
    if (existing.some((m) => m.teamId === teamId)) continue; // already there (provisioned: handled above; manual: left alone)
    const saved = await manager.save(manager.create(Membership, { userId: sync.userId, orgId: sync.orgId, teamId, role: role as MembershipRole }));
    await manager.save(manager.create(ProvisionedMembership, { membershipId: saved.id, source: sync.source }));
    await audit('provisioning.membership_added', null, { teamId, role, source: sync.source });
  }
}
