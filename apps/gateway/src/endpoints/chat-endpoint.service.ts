import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { GatewayEndpoint, OpenAiChatRequest } from '@sluice/contracts';
import { assertModelAllowed } from '../auth/virtual-key-verifier';
import { ResponseCache } from '../cache/response-cache';
import { SemanticResponseCache } from '../cache/semantic-response-cache';
import { GatewayError } from '../errors/gateway-error';
import { GovernanceGate } from '../governance/governance-gate';
import { GuardedResponder } from '../guardrails/guarded-responder';
import { ChatExecutor } from '../proxy/chat-executor';
import type { ChatResponder } from '../proxy/chat-responder';
import { assertModelServed } from '../proxy/model-availability';
import { RecordingResponder } from '../proxy/recording-responder';
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
    private readonly cache: ResponseCache,
    private readonly semantic: SemanticResponseCache,
  ) {}

  serve<Body>(format: ChatFormat<Body>, req: FastifyRequest, reply: FastifyReply): Promise<void> {
    return this.runner.run(req, reply, format.endpoint, async ({ snapshot, key, accounting, signal }) => {
      const body = format.parse(req.body);
      let canonical = format.toCanonical(body);
      const guardrails = snapshot.guardrails.for(key);
      if (guardrails?.appliesToRequest) {
        const checked = guardrails.checkRequest(canonical);
        accounting.guardrailActions.push(...checked.actions);
        if (checked.decision === 'block') {
          accounting.model = canonical.model;
          accounting.blocked = true;
          throw new GatewayError(400, 'invalid_request_error', 'guardrail_blocked', `The request was ${checked.blockReason ?? 'blocked by guardrail policy'}.`);
        }
        canonical = checked.request;
      }
      accounting.model = canonical.model;
      accounting.stream = canonical.stream === true;
      assertModelAllowed(key, canonical.model);
      assertModelServed(snapshot, canonical.model);
      const cachePlan = this.cache.plan(snapshot.governance.cachePolicyFor(key), key, req.headers, canonical);
      const lookupKey = cachePlan?.directives.lookup ? cachePlan.key : undefined;
      const { ticket, cached } = await this.gate.admit(snapshot, key, accounting.requestId, canonical, reply, lookupKey);
      accounting.admission = ticket;
      const clientResponder = format.responder(reply, body, canonical);
      const guarded = guardrails?.appliesToResponse ? new GuardedResponder(clientResponder, guardrails) : null;
      const guardedOrClient = guarded ?? clientResponder;
      // A streamed answer is rebuilt from its chunks (as the provider sent them) so it can be cached.
      const recorder = canonical.stream && cachePlan?.directives.store ? new RecordingResponder(guardedOrClient) : null;
      const responder = recorder ?? guardedOrClient;
      if (cached) {
        accounting.cacheStatus = 'hit';
        reply.header('x-sluice-cache', 'hit');
        accounting.servedBy = await this.cache.replay(cached, canonical, responder);
        if (guarded) accounting.guardrailActions.push(...guarded.actions);
        return;
      }
      const semantic = cachePlan ? await this.semantic.probe(snapshot, key, canonical, cachePlan, signal) : null;
      if (semantic?.hit) {
        accounting.cacheStatus = 'semantic-hit';
        reply.header('x-sluice-cache', 'semantic-hit');
        if (ticket) void this.gate.settle(ticket, undefined, null);
        accounting.admission = null;
        const entry = { storedAt: 0, servedBy: { model: canonical.model, provider: 'semantic-cache', deployment: 'semantic-cache' }, completion: semantic.hit };
        accounting.servedBy = await this.cache.replay(entry, canonical, responder);
        if (guarded) accounting.guardrailActions.push(...guarded.actions);
        return;
      }
      if (cachePlan) {
        accounting.cacheStatus = lookupKey ? 'miss' : 'bypass';
        reply.header('x-sluice-cache', accounting.cacheStatus);
      }
      const execution = await this.executor.execute(snapshot, key, canonical, responder, signal);
      accounting.usage = execution.usage;
      accounting.servedBy = execution.servedBy;
      accounting.ttftMs = execution.ttftMs;
      if (guarded) accounting.guardrailActions.push(...guarded.actions);
      const completion = execution.completion ?? recorder?.completion ?? null;
      if (cachePlan && completion && execution.servedBy) {
        this.cache.store(cachePlan, completion, execution.servedBy);
        if (semantic) this.semantic.store(key, canonical, cachePlan, semantic, completion, accounting.requestId);
      }
    });
  }
}
