import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { openAiEmbeddingsRequestSchema, type OpenAiEmbeddingsResponse, type SnapshotDeployment } from '@sluice/contracts';
import { providerAdapter, TranslationError } from '@sluice/providers';
import { RoutedAttemptError, RoutingFailedError, Router } from '@sluice/routing';
import { assertModelAllowed } from '../auth/virtual-key-verifier';
import { servedByHeaders } from '../formats/sse-writer';
import { GovernanceGate } from '../governance/governance-gate';
import { readJson, sendUpstream, translationErrorIn, untranslatable } from '../proxy/attempt-errors';
import { assertModelServed } from '../proxy/model-availability';
import { ProxyRequestRunner } from '../proxy/proxy-request-runner';
import { gatewayErrorOf } from '../proxy/routing-failure';
import { UpstreamClient } from '../upstream/upstream-client';
import { parseBody } from './parse-body';

/** POST /v1/embeddings, routed like chat (retries, cooldown, fallbacks) to providers that embed. */
@Injectable()
export class EmbeddingsService {
  constructor(
    private readonly runner: ProxyRequestRunner,
    private readonly router: Router,
    private readonly upstream: UpstreamClient,
    private readonly gate: GovernanceGate,
  ) {}

  handle(req: FastifyRequest, reply: FastifyReply): Promise<void> {
    return this.runner.run(req, reply, 'embeddings', async ({ snapshot, key, accounting, signal }) => {
      const body = parseBody(openAiEmbeddingsRequestSchema, req.body);
      accounting.model = body.model;
      assertModelAllowed(key, body.model);
      assertModelServed(snapshot, body.model);
      const text = (Array.isArray(body.input) ? body.input : [body.input]).map((item) => (typeof item === 'string' ? item : JSON.stringify(item))).join('\n');
      const forLimits = { model: body.model, messages: [{ role: 'user' as const, content: text }], max_completion_tokens: 0 };
      accounting.admission = (await this.gate.admit(snapshot, key, accounting.requestId, forLimits, reply)).ticket;
      const mayUse = (model: string) => key.allowedModels.length === 0 || key.allowedModels.includes(model);
      let result;
      try {
        result = await this.router.execute<SnapshotDeployment, OpenAiEmbeddingsResponse>(
          { modelName: body.model, deploymentsFor: (model) => (mayUse(model) ? snapshot.deploymentsFor(model) : []), signal },
          async (ctx) => {
            const provider = snapshot.provider(ctx.deployment.providerId);
            if (!provider) throw new RoutedAttemptError('server', { message: `deployment ${ctx.deployment.id} has no provider` });
            const adapter = providerAdapter(provider.type);
            if (!adapter.embeddings) throw untranslatable(new TranslationError(`Provider type '${provider.type}' cannot serve embeddings.`, 'unsupported_endpoint', 'model'));
            const target = { provider, deployment: ctx.deployment };
            const upstreamBody = { ...body, model: ctx.deployment.upstreamModel };
            const response = await sendUpstream(this.upstream, adapter, await adapter.embeddings.buildRequest(target, upstreamBody), ctx.deployment.timeoutMs, ctx.signal);
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
      const provider = snapshot.provider(result.deployment.providerId);
      accounting.servedBy = { modelName: result.modelName, providerName: provider?.name ?? 'unknown', deploymentId: result.deployment.id, attempts: result.attempts };
      accounting.usage = { prompt_tokens: result.value.usage?.prompt_tokens ?? 0, completion_tokens: 0 };
      await reply.headers(servedByHeaders(accounting.servedBy)).status(200).send(result.value);
    });
  }
}
