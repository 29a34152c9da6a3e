import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { bumpConfigVersion, Model } from '@sluice/db';
import { rolesHavePermission } from '../auth/permissions';
import { orgIdOf, type Caller } from '../auth/principal';
import { ConfigPublisher } from '../config-publishing/config-publisher';
import { Problem } from '../errors/problem';
import type { RequestContext } from '../http/request-context';
import { toModelView, type CreateModelInput, type ListModelsQuery, type ModelDetail, type ModelView, type UpdateModelInput } from './model.dto';
import { withLongContextColumns } from './long-context-prices';
import { applySortedPage, isUuid, toSortedPage, type SortKey } from './sorted-page';
import { auditChange } from '../audit/audit-change';
import { isUniqueViolation } from '../errors/unique-violation';

const notFound = () => new Problem(404, 'not-found', 'No model with this id.');

const SORT_KEYS: Record<ListModelsQuery['sort'], SortKey<Model>> = {
  name: { column: 'm.name', valueOf: (m) => m.name },
  inputPrice: { column: 'm.inputPricePer1M', valueOf: (m) => m.inputPricePer1M },
  contextWindow: { column: 'm.contextWindow', valueOf: (m) => m.contextWindow },
};

/** The organization's model catalog: what apps ask for by name, with prices the gateway bills with. */
@Injectable()
export class ModelsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly publisher: ConfigPublisher,
  ) {}

  async list(caller: Caller, query: ListModelsQuery): Promise<{ items: ModelView[]; nextCursor: string | null }> {
    const qb = this.dataSource.getRepository(Model).createQueryBuilder('m').where('m.orgId = :orgId', { orgId: orgIdOf(caller) });
    if (query.q) {
      qb.andWhere('(m.name ILIKE :q OR m.family ILIKE :q OR m.description ILIKE :q)', { q: `%${query.q.replace(/[\\%_]/g, '\\$&')}%` });
    }
    if (query.provider) qb.andWhere('m.providerType = :provider', { provider: query.provider });
    if (query.family) qb.andWhere('m.family = :family', { family: query.family });
    if (query.capability) qb.andWhere(':capability = ANY(m.capabilities)', { capability: query.capability === 'json' ? 'json_mode' : query.capability });
    if (query.modality) qb.andWhere(':modality = ANY(m.modalities)', { modality: query.modality });
    if (query.status) qb.andWhere('m.status = :status', { status: query.status });
    if (query.minContextWindow !== undefined) qb.andWhere('m.contextWindow >= :minContextWindow', { minContextWindow: query.minContextWindow });
    if (query.maxInputPrice !== undefined) qb.andWhere('m.inputPricePer1M <= :maxInputPrice', { maxInputPrice: query.maxInputPrice });
    const key = SORT_KEYS[query.sort];
    const rows = await applySortedPage(qb, 'm.id', key, query.order, query.cursor, query.limit).getMany();
    return toSortedPage(rows, query.limit, key, toModelView);
  }

  /** The model with the teams that may use it and the deployments serving it. */
  async get(caller: Caller, id: string): Promise<ModelDetail> {
    const orgId = orgIdOf(caller);
    const model = await this.find(this.dataSource.manager, orgId, id);
    // Teams are listed as the teams API would show them: all of the org with teams:read:any, else the caller's own.
    const seeAllTeams = rolesHavePermission(caller.roles, 'teams:read:any');
    const ownTeams = caller.memberships.filter((m) => m.orgId === orgId && m.teamId).map((m) => m.teamId as string);
    const teams = (await this.dataSource.query(
      `SELECT id, name, cardinality(allowed_models) = 0 AS all_models FROM teams
        WHERE org_id = $1 AND (cardinality(allowed_models) = 0 OR $2 = ANY(allowed_models)) AND ($3 OR id = ANY($4::uuid[]))
        ORDER BY name, id`,
      [orgId, model.name, seeAllTeams, ownTeams],
    )) as Array<{ id: string; name: string; all_models: boolean }>;
    const deployments = (await this.dataSource.query(
      `SELECT d.id, d.provider_id, p.name AS provider_name, d.upstream_model, d.priority, d.weight, d.enabled
         FROM deployments d JOIN providers p ON p.id = d.provider_id
        WHERE d.model_id = $1 AND p.org_id = $2 ORDER BY d.priority, p.name, d.id`,
      [model.id, orgId],
    )) as Array<{ id: string; provider_id: string; provider_name: string; upstream_model: string; priority: number; weight: number; enabled: boolean }>;
    return {
      ...toModelView(model),
      teamsWithAccess: teams.map((t) => ({ id: t.id, name: t.name, allModels: t.all_models })),
      deployments: deployments.map((d) => ({ id: d.id, providerId: d.provider_id, providerName: d.provider_name, upstreamModel: d.upstream_model, priority: d.priority, weight: d.weight, enabled: d.enabled })),
    };
  }

  async create(caller: Caller, input: CreateModelInput, context: RequestContext): Promise<ModelView> {
    const orgId = orgIdOf(caller);
    const { name, provider, ...fields } = withLongContextColumns(input);
    const { view, version } = await this.dataSource
      .transaction(async (manager) => {
        const saved = await manager.save(manager.create(Model, { ...fields, orgId, name, providerType: provider }));
        const after = toModelView(await manager.findOneByOrFail(Model, { id: saved.id }));
        const v = await bumpConfigVersion(manager);
        await auditChange(manager, caller, { orgId, action: 'model.created', target: { type: 'model', id: after.id }, before: null, after }, context);
        return { view: after, version: v };
      })
      .catch((error: unknown) => {
        if (isUniqueViolation(error, 'models_org_name_key')) throw new Problem(409, 'model-name-taken', 'The catalog already has a model with this name.');
        throw error;
      });
    await this.publisher.publish(version);
    return view;
  }

  async update(caller: Caller, id: string, input: UpdateModelInput, context: RequestContext, action = 'model.updated'): Promise<ModelView> {
    const orgId = orgIdOf(caller);
    const { view, version } = await this.dataSource.transaction(async (manager) => {
      const current = await this.find(manager, orgId, id, true);
      const before = toModelView(current);
      const { provider, ...fields } = withLongContextColumns(input);
      const changes: Partial<Model> = { ...fields, ...(provider !== undefined ? { providerType: provider } : {}) };
      const status = changes.status ?? current.status;
      if (status !== 'deprecated' && changes.status !== undefined) changes.deprecationDate = input.deprecationDate ?? null;
      if (Object.keys(changes).length) await manager.update(Model, { id }, changes);
      const after = toModelView(await manager.findOneByOrFail(Model, { id }));
      const v = await bumpConfigVersion(manager);
      await auditChange(manager, caller, { orgId, action, target: { type: 'model', id }, before, after }, context);
      return { view: after, version: v };
    });
    await this.publisher.publish(version);
    return view;
  }

  /** Marks the model deprecated; the gateway stops serving it from the deprecation date (today by default). */
  deprecate(caller: Caller, id: string, deprecationDate: string | undefined, context: RequestContext): Promise<ModelView> {
    const date = deprecationDate ?? new Date().toISOString().slice(0, 10);
    return this.update(caller, id, { status: 'deprecated', deprecationDate: date }, context, 'model.deprecated');
  }

  private async find(manager: EntityManager, orgId: string, id: string, lock = false): Promise<Model> {
    if (!isUuid(id)) throw notFound();
    const model = await manager.findOne(Model, { where: { id, orgId }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
    if (!model) throw notFound();
    return model;
  }
}
