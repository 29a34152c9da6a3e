import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { GatewayEndpoint, OpenAiChatRequest } from '@sluice/contracts';
import { assertModelAllowed } from '../auth/virtual-key-verifier';
import { GovernanceGate } from '../governance/governance-gate';
import { ChatExecutor } from '../proxy/chat-executor';
import type { ChatResponder } from '../proxy/chat-responder';
import { assertModelServed } from '../proxy/model-availability';
import { ProxyRequestRunner } from '../proxy/proxy-request-runner';

/** How one client API maps onto the canonical chat pipeline. */
export interface ChatFormat<Body> {
  endpoint: GatewayEndpoint;
  parse(body: unknown): Body;
  toCanonical(body: Body): OpenAiChatRequest;
  responder(reply: FastifyReply, body: Body, canonical: OpenAiChatRequest): ChatResponder;
}

/** Serves any chat-like client API (OpenAI chat, Responses, completions, Anthropic messages) through one pipeline. */
@Injectable()
export class ChatEndpointService {
  constructor(
    private readonly runner: ProxyRequestRunner,
    private readonly executor: ChatExecutor,
    private readonly gate: GovernanceGate,
  ) {}

  serve<Body>(format: ChatFormat<Body>, req: FastifyRequest, reply: FastifyReply): Promise<void> {
    return this.runner.run(req, reply, format.endpoint, async ({ snapshot, key, accounting, signal }) => {
      const body = format.parse(req.body);
      const canonical = format.toCanonical(body);
      accounting.model = canonical.model;
      accounting.stream = canonical.stream === true;
      assertModelAllowed(key, canonical.model);
      assertModelServed(snapshot, canonical.model);
      accounting.admission = await this.gate.admit(snapshot, key, accounting.requestId, canonical, reply);
      const execution = await this.executor.execute(snapshot, key, canonical, format.responder(reply, body, canonical), signal);
      accounting.usage = execution.usage;
      accounting.servedBy = execution.servedBy;
      accounting.ttftMs = execution.ttftMs;
    });
  }
}
