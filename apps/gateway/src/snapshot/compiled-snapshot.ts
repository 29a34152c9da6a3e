import type { BlockList } from 'node:net';
import { CompiledGovernance } from '@sluice/governance';
import { compileIpAllowList } from '../auth/ip-allow-list';
import { GuardrailPolicies } from '../guardrails/guardrail-policies';
import { reservationPricesOf, type ReservationPrices } from '../governance/admission-estimate';
import { configSnapshotSchema, type ConfigSnapshot, type Prices, type SnapshotDeployment, type SnapshotKey, type SnapshotModel, type SnapshotProvider } from '@sluice/contracts';

/** A config snapshot indexed for O(1) lookups on the hot path. Immutable once built. */
export class CompiledSnapshot {
  readonly version: number;
  readonly governance: CompiledGovernance;
  readonly guardrails: GuardrailPolicies;
  private readonly keysByHash = new Map<string, SnapshotKey>();
  private readonly modelsByName = new Map<string, SnapshotModel>();
  private readonly providersById = new Map<string, SnapshotProvider>();
  private readonly deploymentsByModel = new Map<string, SnapshotDeployment[]>();
  private readonly deploymentsById = new Map<string, SnapshotDeployment>();
  private readonly ipAllowLists = new Map<string, BlockList>();
  /** Teams that restrict their models; a team absent here may use every model. */
  private readonly teamModelAllowLists = new Map<string, ReadonlySet<string>>();
  /** Budget reservation prices per model alias (see {@link reservationPricesOf}). */
  private readonly reservationPricesByModel = new Map<string, ReservationPrices>();

  constructor(readonly source: ConfigSnapshot) {
    this.version = source.version;
    this.governance = new CompiledGovernance(source.governance);
    this.guardrails = new GuardrailPolicies(source.governance);
    for (const key of source.keys) {
      this.keysByHash.set(key.hash, key);
      const allowList = compileIpAllowList(key.ipAllowList);
      if (allowList) this.ipAllowLists.set(key.id, allowList);
    }
    for (const team of source.teams ?? []) {
      if (team.allowedModels.length > 0) this.teamModelAllowLists.set(team.id, new Set(team.allowedModels));
    }
    for (const model of source.models) this.modelsByName.set(model.name, model);
    for (const provider of source.providers) this.providersById.set(provider.id, provider);
    for (const deployment of source.deployments) {
      this.deploymentsById.set(deployment.id, deployment);
      const list = this.deploymentsByModel.get(deployment.modelName) ?? [];
      list.push(deployment);
      this.deploymentsByModel.set(deployment.modelName, list);
    }
    for (const list of this.deploymentsByModel.values()) list.sort((a, b) => a.priority - b.priority);
    for (const name of new Set([...this.modelsByName.keys(), ...this.deploymentsByModel.keys()])) {
      const candidates = [name, ...(source.routing.fallbacks[name] ?? [])].flatMap((alias) => this.pricesServing(alias));
      const prices = reservationPricesOf(candidates);
      if (prices) this.reservationPricesByModel.set(name, prices);
    }
  }

  /** What a call to the alias may be billed with: each deployment's override, else the catalog model's prices (as settlement bills). */
  private pricesServing(alias: string): Prices[] {
    const model = this.modelsByName.get(alias);
    const deployments = this.deploymentsByModel.get(alias) ?? [];
    if (deployments.length === 0) return model ? [model] : [];
    return deployments.flatMap((deployment) => deployment.prices ?? model ?? []);
  }

  static empty(): CompiledSnapshot {
    return new CompiledSnapshot(configSnapshotSchema.parse({ version: 0, providers: [], models: [], deployments: [], keys: [] }));
  }

  keyByHash(hash: string): SnapshotKey | undefined {
    return this.keysByHash.get(hash);
  }

  model(name: string): SnapshotModel | undefined {
    return this.modelsByName.get(name);
  }

  /** The prices a hard budget reserves a request of the alias at: the highest it may be billed at. */
  reservationPrices(modelName: string): ReservationPrices | undefined {
    return this.reservationPricesByModel.get(modelName);
  }

  deployment(id: string): SnapshotDeployment | undefined {
    return this.deploymentsById.get(id);
  }

  /** The compiled IP allow-list of a key, or null when the key may be used from anywhere. */
  ipAllowList(keyId: string): BlockList | null {
    return this.ipAllowLists.get(keyId) ?? null;
  }

  /**
   * Whether a key may use a model: the key's own allow-list and its team's both apply, so narrowing
   * a team's models takes effect on keys created before the change.
   */
  mayUseModel(key: SnapshotKey, model: string): boolean {
    return this.modelDenialFor(key, model) === null;
  }

  /** Which allow-list refuses the model, or null when the key may use it. */
  modelDenialFor(key: SnapshotKey, model: string): 'key' | 'team' | null {
    if (key.allowedModels.length > 0 && !key.allowedModels.includes(model)) return 'key';
    const team = key.teamId === null ? undefined : this.teamModelAllowLists.get(key.teamId);
    return team && !team.has(model) ? 'team' : null;
  }

  provider(id: string): SnapshotProvider | undefined {
    return this.providersById.get(id);
  }

  /** Deployments serving a model alias, lowest priority number first. */
  deploymentsFor(modelName: string): readonly SnapshotDeployment[] {
    return this.deploymentsByModel.get(modelName) ?? [];
  }

  modelNames(): string[] {
    return [...this.deploymentsByModel.keys()];
  }
}
