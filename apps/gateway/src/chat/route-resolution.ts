import type { SnapshotDeployment, SnapshotModel, SnapshotProvider } from '@sluice/contracts';
import { adapterFor, type ProviderAdapter } from '@sluice/providers';
import { GatewayError } from '../errors/gateway-error';
import type { CompiledSnapshot } from '../snapshot/compiled-snapshot';

export interface ResolvedRoute {
  model: SnapshotModel | undefined;
  deployment: SnapshotDeployment;
  provider: SnapshotProvider;
  adapter: ProviderAdapter;
}

/** The first deployment (by priority) of a model alias whose provider the gateway can reach. */
export function resolveRoute(snapshot: CompiledSnapshot, modelName: string): ResolvedRoute {
  const deployments = snapshot.deploymentsFor(modelName);
  if (deployments.length === 0) {
    throw new GatewayError(404, 'not_found_error', 'model_not_found', `The model '${modelName}' does not exist or has no deployment.`, 'model');
  }
  for (const deployment of deployments) {
    const provider = snapshot.provider(deployment.providerId);
    const adapter = provider ? adapterFor(provider.type) : null;
    if (provider && adapter) return { model: snapshot.model(modelName), deployment, provider, adapter };
  }
  const types = deployments.map((d) => snapshot.provider(d.providerId)?.type ?? 'unknown').join(', ');
  throw GatewayError.invalidRequest(
    `The model '${modelName}' is only served by provider types (${types}) that cannot yet be reached through the OpenAI chat completions format.`,
    'model',
    'unsupported_provider',
  );
}
