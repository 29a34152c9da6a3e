import { performance } from 'node:perf_hooks';
import type { ChatUsage, OpenAiChatChunk, OpenAiChatCompletion, OpenAiChatRequest, SnapshotDeployment, SnapshotKey } from '@sluice/contracts';
import { providerAdapter, ProviderStreamError, TranslationError, type ClassifiedError, type ProviderAdapter, type ProviderTarget } from '@sluice/providers';
import { RoutedAttemptError, RoutingFailedError, type AttemptContext, type Router } from '@sluice/routing';
import { GatewayError } from '../errors/gateway-error';
import type { CompiledSnapshot } from '../snapshot/compiled-snapshot';
import type { UpstreamClient } from '../upstream/upstream-client';
import type { ChatResponder, ServedBy } from './chat-responder';
import { readJson, sendUpstream, translationErrorIn, untranslatable, UpstreamAttemptError } from './attempt-errors';
import { gatewayErrorOf } from './routing-failure';
import { upstreamCallOf } from '../tracing/upstream-call';

export interface ChatExecution {
  usage: ChatUsage | null;
  /** The whole answer, for non-streaming requests (what the exact cache stores). */
  completion: OpenAiChatCompletion | null;
  servedBy: ServedBy | null;
  /** Milliseconds from the start of routing to the first byte sent to the client. */
  ttftMs: number | null;
}

/**
 * Runs a canonical chat request through the router: each attempt builds the provider request,
 * calls upstream, classifies failures (so the router can retry, cool down and fall back) and
 * relays the result to the client's responder. Streams are committed on their first chunk.
 */
export class ChatExecutor {
  constructor(
    private readonly router: Router,
    private readonly upstream: UpstreamClient,
  ) {}

  async execute(
    snapshot: CompiledSnapshot,
    key: SnapshotKey,
    request: OpenAiChatRequest,
    responder: ChatResponder,
    signal: AbortSignal,
  ): Promise<ChatExecution> {
    const t0 = performance.now();
    const execution: ChatExecution = { usage: null, completion: null, servedBy: null, ttftMs: null };
    const mayUse = (model: string) => snapshot.mayUseModel(key, model);
    try {
      const result = await this.router.execute<SnapshotDeployment, null>(
        { modelName: request.model, deploymentsFor: (model) => (mayUse(model) ? snapshot.deploymentsFor(model) : []), signal },
        (attempt) => this.attempt(snapshot, request, attempt, responder, execution, t0),
      );
      execution.servedBy = this.servedBy(snapshot, result.deployment, result.modelName, result.attempts);
      return execution;
    } catch (error) {
      if (error instanceof RoutingFailedError) {
        if (error.reason === 'committed') return execution; // the responder already told the client
        const untranslatable = translationErrorIn(error);
        if (untranslatable) throw untranslatable;
        throw gatewayErrorOf(error, request.model);
      }
      throw error;
    }
  }

  private servedBy(snapshot: CompiledSnapshot, deployment: SnapshotDeployment, modelName: string, attempts: ServedBy['attempts']): ServedBy {
    return { modelName, providerName: snapshot.provider(deployment.providerId)?.name ?? 'unknown', deploymentId: deployment.id, attempts };
  }

  private async attempt(
    snapshot: CompiledSnapshot,
    request: OpenAiChatRequest,
    ctx: AttemptContext<SnapshotDeployment>,
    responder: ChatResponder,
    execution: ChatExecution,
    t0: number,
  ): Promise<null> {
    const provider = snapshot.provider(ctx.deployment.providerId);
    if (!provider) throw new RoutedAttemptError('server', { message: `deployment ${ctx.deployment.id} has no provider` });
    const adapter = providerAdapter(provider.type);
    const target: ProviderTarget = { provider, deployment: ctx.deployment };
    let upstreamRequest;
    try {
      upstreamRequest = await adapter.chat.buildRequest(target, { ...request, model: ctx.deployment.upstreamModel });
    } catch (error) {
      // The request cannot be expressed for this provider: final, and the client is told why.
      if (error instanceof TranslationError) throw untranslatable(error);
      throw error;
    }
    const response = await sendUpstream(this.upstream, adapter, upstreamRequest, ctx.deployment.timeoutMs, ctx.signal, upstreamCallOf('chat', target, request));
    const servedBy = this.servedBy(snapshot, ctx.deployment, ctx.modelName, []);
    if (request.stream) {
      await this.relayStream(adapter, target, response.body, ctx, responder, execution, servedBy, t0);
    } else {
      let completion;
      try {
        completion = adapter.chat.parseResponse(await readJson(response), target);
      } catch (error) {
        if (error instanceof RoutedAttemptError) throw error;
        throw new RoutedAttemptError('server', { cause: error, message: 'the provider answered with an unexpected body' });
      }
      completion.model = ctx.modelName;
      execution.usage = completion.usage ?? null;
      if (execution.usage) ctx.reportTokens(execution.usage.prompt_tokens + execution.usage.completion_tokens);
      if (!ctx.commit()) return null;
      execution.ttftMs = performance.now() - t0;
      execution.completion = completion;
      await responder.json(completion, servedBy);
    }
    return null;
  }

  private async relayStream(
    adapter: ProviderAdapter,
    target: ProviderTarget,
    body: AsyncIterable<Buffer> & { destroy(error?: Error): void },
    ctx: AttemptContext<SnapshotDeployment>,
    responder: ChatResponder,
    execution: ChatExecution,
    servedBy: ServedBy,
    t0: number,
  ): Promise<void> {
    const translator = adapter.chat.createStreamTranslator(target);
    let committed = false;
    const emit = (chunks: OpenAiChatChunk[]) => {
      for (const chunk of chunks) {
        if (chunk.usage) execution.usage = chunk.usage;
        chunk.model = ctx.modelName;
        if (!committed) {
          if (!ctx.commit()) throw new RoutedAttemptError('timeout', { message: 'attempt abandoned before the first chunk' });
          committed = true;
          execution.ttftMs = performance.now() - t0;
          responder.open(servedBy);
        }
        responder.chunk(chunk);
      }
    };
    const idle = new IdleTimer(ctx.deployment.timeoutMs, () => body.destroy(new Error('upstream stream idle timeout')));
    try {
      for await (const raw of body) {
        idle.reset();
        emit(translator.push(raw));
      }
      emit(translator.end());
    } catch (error) {
      const classified: ClassifiedError =
        error instanceof ProviderStreamError ? error.error : { kind: ctx.signal.aborted ? 'timeout' : 'server', status: 0, message: 'The provider stream broke off.' };
      if (committed) {
        responder.fail(new GatewayError(502, 'api_error', 'upstream_stream_interrupted', `The provider's stream broke off: ${classified.message}`));
        throw new UpstreamAttemptError(classified, true);
      }
      if (error instanceof RoutedAttemptError) throw error;
      throw new UpstreamAttemptError(classified);
    } finally {
      idle.stop();
      if (execution.usage) ctx.reportTokens(execution.usage.prompt_tokens + execution.usage.completion_tokens);
    }
    if (!committed) {
      ctx.commit();
      responder.open(servedBy);
    }
    responder.close();
  }
}

/** Fires when a stream stays silent for too long; reset on every chunk. */
class IdleTimer {
  private timer: NodeJS.Timeout;
  constructor(private readonly ms: number, private readonly onIdle: () => void) {
    this.timer = setTimeout(onIdle, ms);
  }
  reset(): void {
    this.timer.refresh();
  }
  stop(): void {
    clearTimeout(this.timer);
  }
}
