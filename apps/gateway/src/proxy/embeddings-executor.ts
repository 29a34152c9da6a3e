import type { OpenAiEmbeddingsRequest, OpenAiEmbeddingsResponse, SnapshotDeployment } from '@sluice/contracts';
import { providerAdapter, TranslationError } from '@sluice/providers';
import { RoutedAttemptError, RoutingFailedError, type RoutedResult, type Router } from '@sluice/routing';
import type { CompiledSnapshot } from '../snapshot/compiled-snapshot';
import type { UpstreamClient } from '../upstream/upstream-client';
import { readJson, sendUpstream, translationErrorIn, untranslatable } from './attempt-errors';
import { upstreamCallOf } from '../tracing/upstream-call';
import { gatewayErrorOf } from './routing-failure';

/** Routes an embeddings request (retries, cooldown, fallbacks) to providers that embed. */
export class EmbeddingsExecutor {
  constructor(
    private readonly router: Router,
    private readonly upstream: UpstreamClient,
  ) {}

  async execute(
    snapshot: CompiledSnapshot,
    body: OpenAiEmbeddingsRequest,
    mayUse: (model: string) => boolean,
    signal: AbortSignal,
  ): Promise<RoutedResult<SnapshotDeployment, OpenAiEmbeddingsResponse>> {
    try {
      return await this.router.execute<SnapshotDeployment, OpenAiEmbeddingsResponse>(
        { modelName: body.model, deploymentsFor: (model) => (mayUse(model) ? snapshot.deploymentsFor(model) : []), signal },
        async (ctx) => {
          const provider = snapshot.provider(ctx.deployment.providerId);
          if (!provider) throw new RoutedAttemptError('server', { message: `deployment ${ctx.deployment.id} has no provider` });
          const adapter = providerAdapter(provider.type);
          if (!adapter.embeddings) throw untranslatable(new TranslationError(`Provider type '${provider.type}' cannot serve embeddings.`, 'unsupported_endpoint', 'model'));
          const target = { provider, deployment: ctx.deployment };
          const upstreamBody = { ...body, model: ctx.deployment.upstreamModel };
          const upstreamRequest = await adapter.embeddings.buildRequest(target, upstreamBody);
          const response = await sendUpstream(this.upstream, adapter, upstreamRequest, ctx.deployment.timeoutMs, ctx.signal, upstreamCallOf('embeddings', target));
          const parsed = adapter.embeddings.parseResponse(await readJson(response), target, upstreamBody);
          ctx.commit();
          ctx.reportTokens(parsed.usage?.prompt_tokens ?? 0);
          return { ...parsed, model: ctx.modelName };
        },
      );
    } catch (error) {
      if (!(error instanceof RoutingFailedError)) throw error;
      throw translationErrorIn(error) ?? gatewayErrorOf(error, body.model);
    }
  }
}
