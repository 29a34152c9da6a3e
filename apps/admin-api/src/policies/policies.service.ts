import { Injectable } from '@nestjs/common';
import { DataSource, In, type EntityManager } from 'typeorm';
import { appendAuditEvent } from '@sluice/audit';
import { policySpecSchemas, type PolicyKind } from '@sluice/contracts';
import { bumpConfigVersion, Policy, PolicyAttachment } from '@sluice/db';
import { rolesHavePermission, roleHasPermission } from '../auth/permissions';
import { auditActorOf, type Caller, orgIdOf } from '../auth/principal';
import { ConfigPublisher } from '../config-publishing/config-publisher';
import { Problem } from '../errors/problem';
import { SemanticCachePurges } from '../semantic-cache/semantic-cache-purges';
import type { RequestContext } from '../http/request-context';
import { BudgetSpendReader } from './budget-spend.reader';
import { mergeEffectivePolicies, type EffectivePolicies } from './effective-policies';
import { scopeChainOf, type ScopeRef } from './policy-scopes';
import { toAttachmentView, toPolicyView, type AttachmentView, type AttachPolicyInput, type CreatePolicyInput, type ListPoliciesQuery, type PolicyView, type UpdatePolicyInput } from './policy.dto';
import { isUniqueViolation } from '../errors/unique-violation';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const policyNotFound = () => new Problem(404, 'not-found', 'No policy with this id.');



/** A rate-limit policy's `failMode` is the organization's setting: it may only be attached to the org. */
function checkFailModeScope(kind: string, spec: Record<string, unknown>, scopeTypes: string[]): void {
  if (kind === 'rate_limit' && spec.failMode !== undefined && scopeTypes.some((t) => t !== 'org')) {
    throw new Problem(400, 'validation-failed', 'failMode is an organization setting: a rate-limit policy with failMode can only be attached to the organization.', [
      { path: 'spec.failMode', message: 'only allowed on policies attached to the organization' },
    ]);
  }
}

/**
 * Governance policies of an organization and their attachments. Each mutation is one transaction
 * (change, config version bump, audit event); the new version is published after the commit so
 * every gateway applies it within a second.
 */
@Injectable()
export class PoliciesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly publisher: ConfigPublisher,
    private readonly spend: BudgetSpendReader,
    private readonly cachePurges: SemanticCachePurges,
  ) {}

  async list(principal: Caller, query: ListPoliciesQuery): Promise<{ items: PolicyView[]; nextCursor: string | null }> {
    const orgId = orgIdOf(principal);
    if ((query.scopeType === undefined) !== (query.scopeId === undefined)) {
      throw new Problem(400, 'validation-failed', 'scopeType and scopeId go together.', [{ path: query.scopeType ? 'scopeId' : 'scopeType', message: 'required with the other' }]);
    }
    const qb = this.dataSource.getRepository(Policy).createQueryBuilder('p').where('p.orgId = :orgId', { orgId });
    if (query.kind) qb.andWhere('p.kind = :kind', { kind: query.kind });
    if (query.scopeType) {
      qb.andWhere('EXISTS (SELECT 1 FROM policy_attachments a WHERE a.policy_id = p.id AND a.scope_type = :scopeType AND a.scope_id = :scopeId)', {
        scopeType: query.scopeType,
        scopeId: query.scopeId,
      });
    }
    const byName = query.sort === 'name';
    if (query.cursor) {
      const after = byName ? '(p.name, p.id) > (SELECT c.name, c.id FROM policies c WHERE c.id = :cursor AND c.org_id = :orgId)' : '(p.createdAt, p.id) < (SELECT c.created_at, c.id FROM policies c WHERE c.id = :cursor AND c.org_id = :orgId)';
      qb.andWhere(after, { cursor: query.cursor });
    }
    if (byName) qb.orderBy('p.name', 'ASC').addOrderBy('p.id', 'ASC');
    else qb.orderBy('p.createdAt', 'DESC').addOrderBy('p.id', 'DESC');
    const rows = await qb.take(query.limit + 1).getMany();
    const page = rows.slice(0, query.limit);
    const attachments = page.length ? await this.dataSource.getRepository(PolicyAttachment).find({ where: { policyId: In(page.map((p) => p.id)) }, order: { createdAt: 'ASC' } }) : [];
    const items = page.map((p) => toPolicyView(p, attachments.filter((a) => a.policyId === p.id)));
    return { items, nextCursor: rows.length > query.limit ? page[page.length - 1].id : null };
  }

  async get(principal: Caller, id: string): Promise<PolicyView> {
    const policy = await this.find(this.dataSource.manager, orgIdOf(principal), id);
    return toPolicyView(policy, await this.attachmentsOf(this.dataSource.manager, policy.id));
  }

  async listAttachments(principal: Caller, id: string): Promise<AttachmentView[]> {
    const policy = await this.find(this.dataSource.manager, orgIdOf(principal), id);
    return (await this.attachmentsOf(this.dataSource.manager, policy.id)).map(toAttachmentView);
  }

  async create(principal: Caller, input: CreatePolicyInput, context: RequestContext): Promise<PolicyView> {
    const orgId = orgIdOf(principal);
    return this.mutate(principal, context, async (manager) => {
      const saved = await manager.save(manager.create(Policy, { orgId, kind: input.kind, name: input.name, description: input.description, spec: input.spec as Record<string, unknown> }));
      const view = toPolicyView(await manager.findOneByOrFail(Policy, { id: saved.id }), []);
      return { action: 'policy.created', targetId: view.id, before: null, after: view, result: view };
    });
  }

  async update(principal: Caller, id: string, input: UpdatePolicyInput, context: RequestContext): Promise<PolicyView> {
    const orgId = orgIdOf(principal);
    return this.mutate(principal, context, async (manager) => {
      const policy = await this.find(manager, orgId, id, true);
      const attachments = await this.attachmentsOf(manager, policy.id);
      const before = toPolicyView(policy, attachments);
      if (input.expectedVersion !== undefined && input.expectedVersion !== policy.version) {
        throw new Problem(409, 'version-mismatch', `The policy is at version ${policy.version}, not ${input.expectedVersion}: reload it and retry.`);
      }
      let spec = policy.spec;
      if (input.spec !== undefined) {
        const parsed = policySpecSchemas[policy.kind as PolicyKind].safeParse(input.spec);
        if (!parsed.success) {
          throw new Problem(400, 'validation-failed', `The spec is not a valid ${policy.kind} policy.`, parsed.error.issues.map((i) => ({ path: ['spec', ...i.path].join('.'), message: i.message })));
        }
        spec = parsed.data as Record<string, unknown>;
        checkFailModeScope(policy.kind, spec, attachments.map((a) => a.scopeType));
      }
      Object.assign(policy, { name: input.name ?? policy.name, description: input.description ?? policy.description, spec, version: policy.version + 1 });
      await manager.save(policy);
      const after = toPolicyView(await manager.findOneByOrFail(Policy, { id: policy.id }), attachments);
      return { action: 'policy.updated', targetId: policy.id, before, after, result: after, cacheScopes: cacheScopesOf(policy.kind, attachments) };
    });
  }

  async remove(principal: Caller, id: string, context: RequestContext): Promise<void> {
    const orgId = orgIdOf(principal);
    await this.mutate(principal, context, async (manager) => {
      const policy = await this.find(manager, orgId, id, true);
      const attachments = await this.attachmentsOf(manager, policy.id);
      if (attachments.length > 0) {
        throw new Problem(409, 'policy-attached', `The policy is attached to ${attachments.length} scope(s): detach it first.`);
      }
      const before = toPolicyView(policy, []);
      await manager.delete(Policy, { id: policy.id });
      return { action: 'policy.deleted', targetId: policy.id, before, after: null, result: undefined };
    });
  }

  async attach(principal: Caller, id: string, input: AttachPolicyInput, context: RequestContext): Promise<AttachmentView> {
    const orgId = orgIdOf(principal);
    return this.mutate(principal, context, async (manager) => {
      const policy = await this.find(manager, orgId, id, true);
      await scopeChainOf(manager, orgId, { type: input.scopeType, id: input.scopeId });
      checkFailModeScope(policy.kind, policy.spec, [input.scopeType]);
      const taken = await manager.findOneBy(PolicyAttachment, { kind: policy.kind, scopeType: input.scopeType, scopeId: input.scopeId });
      if (taken) {
        throw new Problem(409, 'scope-has-policy', `This ${input.scopeType} already has a ${policy.kind} policy (${taken.policyId}): detach it first.`);
      }
      const saved = await manager.save(manager.create(PolicyAttachment, { orgId, policyId: policy.id, kind: policy.kind, scopeType: input.scopeType, scopeId: input.scopeId }));
      const view = toAttachmentView(await manager.findOneByOrFail(PolicyAttachment, { id: saved.id }));
      return { action: 'policy.attached', targetId: policy.id, before: null, after: { policyId: policy.id, kind: policy.kind, ...view }, result: view, cacheScopes: cacheScopesOf(policy.kind, [saved]) };
    });
  }

  async detach(principal: Caller, id: string, attachmentId: string, context: RequestContext): Promise<void> {
    const orgId = orgIdOf(principal);
    if (!UUID.test(attachmentId)) throw new Problem(404, 'not-found', 'No such attachment of this policy.');
    await this.mutate(principal, context, async (manager) => {
      const policy = await this.find(manager, orgId, id, true);
      const attachment = await manager.findOneBy(PolicyAttachment, { id: attachmentId, policyId: policy.id });
      if (!attachment) throw new Problem(404, 'not-found', 'No such attachment of this policy.');
      await manager.delete(PolicyAttachment, { id: attachment.id });
      return { action: 'policy.detached', targetId: policy.id, before: { policyId: policy.id, kind: policy.kind, ...toAttachmentView(attachment) }, after: null, result: undefined, cacheScopes: cacheScopesOf(policy.kind, [attachment]) };
    });
  }

  /** What the gateway applies to requests of `scope`. Without `policies:read`, only teams the caller administers. */
  async effective(principal: Caller, scope: ScopeRef): Promise<EffectivePolicies> {
    const orgId = orgIdOf(principal);
    if (!rolesHavePermission(principal.roles, 'policies:read')) {
      const administers = principal.memberships.some((m) => m.orgId === orgId && m.teamId === scope.id && roleHasPermission(m.role, 'policies:read:team'));
      if (scope.type !== 'team' || !administers) throw new Problem(404, 'not-found', `No ${scope.type} with this id that you administer.`);
    }
    const chain = await scopeChainOf(this.dataSource.manager, orgId, scope);
    const rows = (await this.dataSource.query(
      `SELECT a.scope_type, a.scope_id, p.id AS policy_id, p.name, p.kind, p.spec
         FROM policy_attachments a JOIN policies p ON p.id = a.policy_id
        WHERE a.org_id = $1 AND (a.scope_type, a.scope_id::text) IN (SELECT * FROM unnest($2::text[], $3::text[]))`,
      [orgId, chain.map((s) => s.type), chain.map((s) => s.id)],
    )) as Array<{ scope_type: ScopeRef['type']; scope_id: string; policy_id: string; name: string; kind: PolicyKind; spec: unknown }>;
    const applied = rows.map((r) => ({ scopeType: r.scope_type, scopeId: r.scope_id, policyId: r.policy_id, policyName: r.name, kind: r.kind, spec: r.spec }));
    return mergeEffectivePolicies(scope, chain, applied, (scopeType, scopeId, budget) => this.spend.read(orgId, scopeType, scopeId, budget));
  }

  private async find(manager: EntityManager, orgId: string, id: string, lock = false): Promise<Policy> {
    if (!UUID.test(id)) throw policyNotFound();
    const policy = await manager.findOne(Policy, { where: { id, orgId }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
    if (!policy) throw policyNotFound();
    return policy;
  }

  private attachmentsOf(manager: EntityManager, policyId: string): Promise<PolicyAttachment[]> {
    return manager.find(PolicyAttachment, { where: { policyId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  /** Runs one change with its config version bump and audit event in a transaction, then publishes the version. */
  private async mutate<R>(
    principal: Caller,
    context: RequestContext,
    change: (manager: EntityManager) => Promise<{ action: string; targetId: string; before: object | null; after: object | null; result: R; cacheScopes?: ScopeRef[] }>,
  ): Promise<R> {
    const orgId = orgIdOf(principal);
    let outcome: { result: R; version: number; cacheScopes: ScopeRef[] };
    try {
      outcome = await this.dataSource.transaction(async (manager) => {
        const done = await change(manager);
        const version = await bumpConfigVersion(manager);
        await appendAuditEvent(manager, {
          orgId,
          actor: auditActorOf(principal),
          action: done.action,
          target: { type: 'policy', id: done.targetId },
          before: done.before,
          after: done.after,
          ip: context.ip,
          userAgent: context.userAgent,
          result: 'success',
          requestId: context.requestId,
        });
        return { result: done.result, version, cacheScopes: done.cacheScopes ?? [] };
      });
    } catch (error) {
      if (isUniqueViolation(error, 'policies_org_name_key')) throw new Problem(409, 'policy-name-taken', 'Another policy of the organization has this name.');
      if (isUniqueViolation(error, 'policy_attachments_kind_scope_key')) throw new Problem(409, 'scope-has-policy', 'This scope already has a policy of this kind: detach it first.');
      throw error;
    }
    await this.publisher.publish(outcome.version);
    if (outcome.cacheScopes.length > 0) await this.cachePurges.afterCachePolicyChange(orgId, outcome.cacheScopes);
    return outcome.result;
  }
}

/** The scopes whose semantic-cache entries a change to a caching policy invalidates. */
function cacheScopesOf(kind: string, attachments: Array<Pick<PolicyAttachment, 'scopeType' | 'scopeId'>>): ScopeRef[] {
  return kind === 'cache' ? attachments.map((a) => ({ type: a.scopeType, id: a.scopeId })) : [];
}
