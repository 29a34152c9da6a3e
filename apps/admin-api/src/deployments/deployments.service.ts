import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { bumpConfigVersion, Deployment, Model, Provider } from '@sluice/db';
import { orgIdOf, type Caller } from '../auth/principal';
import { applySortedPage, isUuid, toSortedPage, type SortKey } from '../catalog/sorted-page';
import { ConfigPublisher } from '../config-publishing/config-publisher';
import { Problem } from '../errors/problem';
import type { RequestContext } from '../http/request-context';
import { toDeploymentView, type CreateDeploymentInput, type DeploymentView, type ListDeploymentsQuery, type UpdateDeploymentInput } from './deployment.dto';
import { auditChange } from '../audit/audit-change';
import { isUniqueViolation } from '../errors/unique-violation';
import { withLongContextColumns } from '../catalog/long-context-prices';

const notFound = () => new Problem(404, 'not-found', 'No deployment with this id.');
const duplicate = (error: unknown): never => {
  if (isUniqueViolation(error, 'deployments_model_provider_upstream_key')) {
    throw new Problem(409, 'deployment-exists', 'This model is already deployed on this provider under this upstream name.');
  }
  throw error;
};

const SORT_KEYS: Record<ListDeploymentsQuery['sort'], SortKey<Deployment>> = {
  upstreamModel: { column: 'd.upstreamModel', valueOf: (d) => d.upstreamModel },
  priority: { column: 'd.priority', valueOf: (d) => d.priority },
};

/** Deployments map a catalog model onto a provider; they are what the gateway routes between. Org-scoped through their provider. */
@Injectable()
export class DeploymentsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly publisher: ConfigPublisher,
  ) {}

  async list(caller: Caller, query: ListDeploymentsQuery): Promise<{ items: DeploymentView[]; nextCursor: string | null }> {
    const qb = this.dataSource
      .getRepository(Deployment)
      .createQueryBuilder('d')
      .innerJoin(Provider, 'p', 'p.id = d.providerId')
      .where('p.orgId = :orgId', { orgId: orgIdOf(caller) });
    if (query.modelId) qb.andWhere('d.modelId = :modelId', { modelId: query.modelId });
    if (query.providerId) qb.andWhere('d.providerId = :providerId', { providerId: query.providerId });
    if (query.enabled) qb.andWhere('d.enabled = :enabled', { enabled: query.enabled === 'true' });
    const key = SORT_KEYS[query.sort];
    const rows = await applySortedPage(qb, 'd.id', key, query.order, query.cursor, query.limit).getMany();
    return toSortedPage(rows, query.limit, key, toDeploymentView);
  }

  async get(caller: Caller, id: string): Promise<DeploymentView> {
    return toDeploymentView(await this.find(this.dataSource.manager, orgIdOf(caller), id));
  }

  async create(caller: Caller, input: CreateDeploymentInput, context: RequestContext): Promise<DeploymentView> {
    const orgId = orgIdOf(caller);
    const { view, version } = await this.dataSource
      .transaction(async (manager) => {
        if (!(await manager.existsBy(Model, { id: input.modelId, orgId }))) throw new Problem(404, 'not-found', 'No model with this id.');
        if (!(await manager.existsBy(Provider, { id: input.providerId, orgId }))) throw new Problem(404, 'not-found', 'No provider with this id.');
        const saved = await manager.save(manager.create(Deployment, withLongContextColumns(input)));
        const after = toDeploymentView(await manager.findOneByOrFail(Deployment, { id: saved.id }));
        const v = await bumpConfigVersion(manager);
        await auditChange(manager, caller, { orgId, action: 'deployment.created', target: { type: 'deployment', id: after.id }, before: null, after }, context);
        return { view: after, version: v };
      })
      .catch(duplicate);
    await this.publisher.publish(version);
    return view;
  }

  async update(caller: Caller, id: string, input: UpdateDeploymentInput, context: RequestContext): Promise<DeploymentView> {
    const orgId = orgIdOf(caller);
    const { view, version } = await this.dataSource
      .transaction(async (manager) => {
        const before = toDeploymentView(await this.find(manager, orgId, id, true));
        if (Object.keys(input).length) await manager.update(Deployment, { id }, withLongContextColumns(input));
        const after = toDeploymentView(await manager.findOneByOrFail(Deployment, { id }));
        const v = await bumpConfigVersion(manager);
        await auditChange(manager, caller, { orgId, action: 'deployment.updated', target: { type: 'deployment', id }, before, after }, context);
        return { view: after, version: v };
      })
      .catch(duplicate);
    await this.publisher.publish(version);
    return view;
  }

  async remove(caller: Caller, id: string, context: RequestContext): Promise<void> {
    const orgId = orgIdOf(caller);
    const version = await this.dataSource.transaction(async (manager) => {
      const before = toDeploymentView(await this.find(manager, orgId, id, true));
      await manager.delete(Deployment, { id });
      const v = await bumpConfigVersion(manager);
      await auditChange(manager, caller, { orgId, action: 'deployment.deleted', target: { type: 'deployment', id }, before, after: null }, context);
      return v;
    });
    await this.publisher.publish(version);
  }

  private async find(manager: EntityManager, orgId: string, id: string, lock = false): Promise<Deployment> {
    if (!isUuid(id)) throw notFound();
    const qb = manager
      .getRepository(Deployment)
      .createQueryBuilder('d')
      .innerJoin(Provider, 'p', 'p.id = d.providerId')
      .where('d.id = :id AND p.orgId = :orgId', { id, orgId });
    if (lock) qb.setLock('pessimistic_write', undefined, ['d']);
    const deployment = await qb.getOne();
    if (!deployment) throw notFound();
    return deployment;
  }
}
