import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { bumpConfigVersion, Model, Team } from '@sluice/db';
import { actorIdOf, type Caller, orgIdOf } from '../auth/principal';
import { rolesHavePermission, roleHasPermission } from '../auth/permissions';
import { isUuid } from '../catalog/sorted-page';
import { ConfigPublisher } from '../config-publishing/config-publisher';
import { Problem } from '../errors/problem';
import type { RequestContext } from '../http/request-context';
import {
  MODEL_ACCESS_REQUEST_SELECT,
  toModelAccessRequestView,
  type CreateModelAccessRequestInput,
  type ListModelAccessRequestsQuery,
  type ModelAccessRequestRow,
  type ModelAccessRequestView,
} from './model-access-request.dto';
import { auditChange } from '../audit/audit-change';
import { isUniqueViolation } from '../errors/unique-violation';

const notFound = () => new Problem(404, 'not-found', 'No model access request with this id.');

/** Teams the caller belongs to in the active org (any role). */
function memberTeamsOf(caller: Caller, orgId: string): string[] {
  return caller.memberships.filter((m) => m.orgId === orgId && m.teamId).map((m) => m.teamId as string);
}

/**
 * Model access requests: team members ask for a catalog model; org admins approve (the model is
 * added to the team's allow-list, the config version bumped, all in one transaction) or deny.
 * Nobody decides their own request.
 */
@Injectable()
export class ModelAccessRequestsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly publisher: ConfigPublisher,
  ) {}

  async list(caller: Caller, query: ListModelAccessRequestsQuery): Promise<{ items: ModelAccessRequestView[]; nextCursor: string | null }> {
    const orgId = orgIdOf(caller);
    const params: unknown[] = [orgId];
    const where = ['r.org_id = $1'];
    if (!rolesHavePermission(caller.roles, 'model_access:read:any')) {
      params.push(memberTeamsOf(caller, orgId), caller.actorType === 'user' ? caller.userId : null);
      where.push(`(r.team_id = ANY($${params.length - 1}::uuid[]) OR r.requested_by = $${params.length})`);
    }
    if (query.status) where.push(`r.status = $${params.push(query.status)}`);
    if (query.teamId) where.push(`r.team_id = $${params.push(query.teamId)}`);
    if (query.cursor) {
      if (!isUuid(query.cursor)) throw new Problem(400, 'invalid-cursor', 'The cursor is not one this API returned.');
      where.push(`(r.created_at, r.id) < (SELECT c.created_at, c.id FROM model_access_requests c WHERE c.id = $${params.push(query.cursor)} AND c.org_id = $1)`);
    }
    const rows = (await this.dataSource.query(
      `${MODEL_ACCESS_REQUEST_SELECT} WHERE ${where.join(' AND ')} ORDER BY r.created_at DESC, r.id DESC LIMIT $${params.push(query.limit + 1)}`,
      params,
    )) as ModelAccessRequestRow[];
    const items = rows.slice(0, query.limit).map(toModelAccessRequestView);
    return { items, nextCursor: rows.length > query.limit ? items[items.length - 1].id : null };
  }

  async get(caller: Caller, id: string): Promise<ModelAccessRequestView> {
    const orgId = orgIdOf(caller);
    const row = await this.findRow(this.dataSource.manager, orgId, id);
    const mine = caller.actorType === 'user' && row.requested_by === caller.userId;
    if (!rolesHavePermission(caller.roles, 'model_access:read:any') && !mine && !memberTeamsOf(caller, orgId).includes(row.team_id)) throw notFound();
    return toModelAccessRequestView(row);
  }

  async create(caller: Caller, input: CreateModelAccessRequestInput, context: RequestContext): Promise<ModelAccessRequestView> {
    const orgId = orgIdOf(caller);
    const team = await this.dataSource.getRepository(Team).findOneBy({ id: input.teamId, orgId });
    const mayRequestFor = (teamId: string) =>
      rolesHavePermission(caller.roles, 'model_access:decide') ||
      caller.memberships.some((m) => m.orgId === orgId && m.teamId === teamId && roleHasPermission(m.role, 'model_access:request'));
    if (!team || !mayRequestFor(team.id)) throw new Problem(404, 'not-found', 'No team with this id.');
    const model = await this.dataSource.getRepository(Model).findOneBy({ orgId, name: input.model });
    if (!model) throw new Problem(400, 'validation-failed', 'The model is not in the catalog.', [{ path: 'model', message: `unknown model ${input.model}` }]);
    if (model.status === 'deprecated') throw new Problem(409, 'model-deprecated', 'The model is deprecated; pick another one.');
    if (team.allowedModels.length === 0 || team.allowedModels.includes(model.name)) {
      throw new Problem(409, 'model-already-allowed', 'The team may already use this model.');
    }
    const view = await this.dataSource
      .transaction(async (manager) => {
        const [inserted] = (await manager.query(
          `INSERT INTO model_access_requests (org_id, team_id, model_id, requested_by, reason) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
          [orgId, team.id, model.id, caller.actorType === 'user' ? caller.userId : null, input.reason],
        )) as Array<{ id: string }>;
        const after = toModelAccessRequestView(await this.findRow(manager, orgId, inserted.id));
        await auditChange(manager, caller, { orgId, action: 'model_access.requested', target: { type: 'model_access_request', id: after.id }, before: null, after }, context);
        return after;
      })
      .catch((error: unknown) => {
        if (isUniqueViolation(error, 'model_access_requests_one_pending')) throw new Problem(409, 'request-pending', 'This team already has a pending request for this model.');
        throw error;
      });
    return view;
  }

  /** Adds the model to the team's allow-list (unless the team may already use every model), bumps the config version, audits; publishes after commit. */
  async approve(caller: Caller, id: string, reason: string | undefined, context: RequestContext): Promise<ModelAccessRequestView> {
    const { view, version } = await this.decide(caller, id, context, async (manager, row) => {
      const [team] = (await manager.query('SELECT allowed_models FROM teams WHERE id = $1 FOR UPDATE', [row.team_id])) as Array<{ allowed_models: string[] }>;
      const restricted = team.allowed_models.length > 0;
      if (restricted && !team.allowed_models.includes(row.model_name)) {
        await manager.query('UPDATE teams SET allowed_models = array_append(allowed_models, $2), updated_at = now() WHERE id = $1', [row.team_id, row.model_name]);
      }
      await this.setDecision(manager, caller, row.id, 'approved', reason ?? null);
      return { action: 'model_access.approved', bump: true, extra: { teamAllowedModels: restricted ? [...new Set([...team.allowed_models, row.model_name])] : [] } };
    });
    if (version !== null) await this.publisher.publish(version);
    return view;
  }

  async deny(caller: Caller, id: string, reason: string, context: RequestContext): Promise<ModelAccessRequestView> {
    const { view } = await this.decide(caller, id, context, async (manager, row) => {
      await this.setDecision(manager, caller, row.id, 'denied', reason);
      return { action: 'model_access.denied', bump: false, extra: {} };
    });
    return view;
  }

  private async decide(
    caller: Caller,
    id: string,
    context: RequestContext,
    apply: (manager: EntityManager, row: ModelAccessRequestRow) => Promise<{ action: string; bump: boolean; extra: object }>,
  ): Promise<{ view: ModelAccessRequestView; version: number | null }> {
    const orgId = orgIdOf(caller);
    return this.dataSource.transaction(async (manager) => {
      if (!isUuid(id)) throw notFound();
      await manager.query('SELECT id FROM model_access_requests WHERE id = $1 AND org_id = $2 FOR UPDATE', [id, orgId]);
      const row = await this.findRow(manager, orgId, id);
      if (row.status !== 'pending') throw new Problem(409, 'request-not-pending', `The request was already ${row.status}.`);
      if (row.requested_by !== null && row.requested_by === actorIdOf(caller)) {
        throw new Problem(403, 'self-approval-forbidden', 'Another admin must decide on your own request.');
      }
      const before = toModelAccessRequestView(row);
      const outcome = await apply(manager, row);
      const after = toModelAccessRequestView(await this.findRow(manager, orgId, id));
      const version = outcome.bump ? await bumpConfigVersion(manager) : null;
      await auditChange(manager, caller, { orgId, action: outcome.action, target: { type: 'model_access_request', id }, before, after: { ...after, ...outcome.extra } }, context);
      return { view: after, version };
    });
  }

  private async setDecision(manager: EntityManager, caller: Caller, id: string, status: 'approved' | 'denied', reason: string | null): Promise<void> {
    await manager.query(
      `UPDATE model_access_requests SET status = $2, decided_by = $3, decided_at = now(), decision_reason = $4, updated_at = now() WHERE id = $1`,
      [id, status, caller.actorType === 'user' ? caller.userId : null, reason],
    );
  }

  private async findRow(manager: EntityManager, orgId: string, id: string): Promise<ModelAccessRequestRow> {
    if (!isUuid(id)) throw notFound();
    const [row] = (await manager.query(`${MODEL_ACCESS_REQUEST_SELECT} WHERE r.id = $1 AND r.org_id = $2`, [id, orgId])) as ModelAccessRequestRow[];
    if (!row) throw notFound();
    return row;
  }
}
