import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { openAiEmbeddingsRequestSchema } from '@sluice/contracts';
import { assertModelAllowed } from '../auth/virtual-key-verifier';
import { servedByHeaders } from '../formats/sse-writer';
import { GovernanceGate } from '../governance/governance-gate';
import { EmbeddingsExecutor } from '../proxy/embeddings-executor';
import { assertModelKind, assertModelServed } from '../proxy/model-availability';
import { ProxyRequestRunner } from '../proxy/proxy-request-runner';
import { parseBody } from './parse-body';

/** POST /v1/embeddings, routed like chat (retries, cooldown, fallbacks) to providers that embed. */
@Injectable()
export class EmbeddingsService {
  constructor(
    private readonly runner: ProxyRequestRunner,
    private readonly executor: EmbeddingsExecutor,
    private readonly gate: GovernanceGate,
  ) {}

  handle(req: FastifyRequest, reply: FastifyReply): Promise<void> {
    return this.runner.run(req, reply, 'embeddings', async ({ snapshot, key, accounting, signal }) => {
      const body = parseBody(openAiEmbeddingsRequestSchema, req.body);
      accounting.model = body.model;
      assertModelAllowed(snapshot, key, body.model);
      assertModelServed(snapshot, body.model);
      assertModelKind(snapshot, body.model, 'embeddings');
      const text = (Array.isArray(body.input) ? body.input : [body.input]).map((item) => (typeof item === 'string' ? item : JSON.stringify(item))).join('\n');
      const forLimits = { model: body.model, messages: [{ role: 'user' as const, content: text }], max_completion_tokens: 0 };
      accounting.admission = (await this.gate.admit(snapshot, key, accounting.requestId, forLimits, reply)).ticket;
      const mayUse = (model: string) => snapshot.mayUseModel(key, model);
      const result = await this.executor.execute(snapshot, body, mayUse, signal);
      const provider = snapshot.provider(result.deployment.providerId);
      accounting.servedBy = { modelName: result.modelName, providerName: provider?.name ?? 'unknown', deploymentId: result.deployment.id, attempts: result.attempts };
      accounting.usage = { prompt_tokens: result.value.usage?.prompt_tokens ?? 0, completion_tokens: 0 };
      await reply.headers(servedByHeaders(accounting.servedBy)).status(200).send(result.value);
    });
  }
}
