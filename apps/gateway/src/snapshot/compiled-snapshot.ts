import type { BlockList } from 'node:net';
import { CompiledGovernance } from '@sluice/governance';
import { compileIpAllowList } from '../auth/ip-allow-list';
import { GuardrailPolicies } from '../guardrails/guardrail-policies';
import { configSnapshotSchema, type ConfigSnapshot, type SnapshotDeployment, type SnapshotKey, type SnapshotModel, type SnapshotProvider } from '@sluice/contracts';

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
