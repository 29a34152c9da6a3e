import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CacheEntry } from '@sluice/cache';
import type { GatewayEndpoint, OpenAiChatRequest } from '@sluice/contracts';
import { parseAnthropicBetas } from '@sluice/providers';
import { assertModelAllowed } from '../auth/virtual-key-verifier';
import { ResponseCache, type CachePlan } from '../cache/response-cache';
import { SemanticResponseCache } from '../cache/semantic-response-cache';
import { GatewayError } from '../errors/gateway-error';
import { GovernanceGate } from '../governance/governance-gate';
import { GuardedResponder } from '../guardrails/guarded-responder';
import { ChatExecutor } from '../proxy/chat-executor';
import type { ChatResponder } from '../proxy/chat-responder';
import { assertModelKind, assertModelServed } from '../proxy/model-availability';
import { RecordingResponder } from '../proxy/recording-responder';
import { ProxyRequestRunner, type ProxyContext } from '../proxy/proxy-request-runner';
import { loggedPrompt, loggedResponse } from '../logging/logged-body';

/** How one client API maps onto the canonical chat pipeline. */
export interface ChatFormat<Body> {
  endpoint: GatewayEndpoint;
  parse(body: unknown): Body;
  /** `anthropicBetas`: the client's `anthropic-beta` header values (Claude upstreams may get them). */
  toCanonical(body: Body, anthropicBetas: string[]): OpenAiChatRequest;
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
    return this.runner.run(req, reply, format.endpoint, async (ctx) => {
      const { snapshot, key, accounting } = ctx;
      const body = format.parse(req.body);
      const betas = parseAnthropicBetas(req.headers['anthropic-beta']);
      let canonical = format.toCanonical(body, betas);
      if (betas.length && !canonical.anthropic_beta) canonical = { ...canonical, anthropic_beta: betas };
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
      assertModelAllowed(snapshot, key, canonical.model);
      assertModelServed(snapshot, canonical.model);
      assertModelKind(snapshot, canonical.model, 'chat');
      const logging = snapshot.governance.loggingPolicyFor(key);
      if (logging?.storePrompts) accounting.bodies = { prompt: loggedPrompt(canonical) };
      const cachePlan = this.cache.plan(snapshot.governance.cachePolicyFor(key), key, req.headers, canonical);
      const lookupKey = cachePlan?.directives.lookup ? cachePlan.key : undefined;
      const { ticket, cached } = await this.gate.admit(snapshot, key, accounting.requestId, canonical, reply, lookupKey);
      accounting.admission = ticket;
      const clientResponder = format.responder(reply, body, canonical);
      // What the client received (after response guardrails), when the logging policy keeps responses.
      const logged = logging?.storeResponses ? new RecordingResponder(clientResponder) : null;
      const guarded = guardrails?.appliesToResponse ? new GuardedResponder(logged ?? clientResponder, guardrails) : null;
      try {
        await this.respond(ctx, reply, canonical, cachePlan, cached, guarded ?? logged ?? clientResponder);
      } finally {
        if (guarded) accounting.guardrailActions.push(...guarded.actions);
        const answered = logged?.completion;
        if (answered) accounting.bodies = { ...accounting.bodies, response: loggedResponse(answered) };
      }
    });
  }

  /** Answers from the exact cache, the semantic cache or the provider, and stores fresh answers. */
  private async respond(ctx: ProxyContext, reply: FastifyReply, canonical: OpenAiChatRequest, cachePlan: CachePlan | null, cached: CacheEntry | null, guardedOrClient: ChatResponder): Promise<void> {
    const { snapshot, key, accounting, signal } = ctx;
    if (cached) {
      accounting.cacheStatus = 'hit';
      reply.header('x-sluice-cache', 'hit');
      accounting.servedBy = await this.cache.replay(cached, canonical, guardedOrClient);
      return;
    }
    const semantic = cachePlan ? await this.semantic.probe(snapshot, key, canonical, cachePlan, signal) : null;
    if (semantic?.hit) {
      accounting.cacheStatus = 'semantic-hit';
      reply.header('x-sluice-cache', 'semantic-hit');
      if (accounting.admission) void this.gate.settle(accounting.admission, undefined, null);
      accounting.admission = null;
      const entry = { storedAt: 0, servedBy: { model: canonical.model, provider: 'semantic-cache', deployment: 'semantic-cache' }, completion: semantic.hit };
      accounting.servedBy = await this.cache.replay(entry, canonical, guardedOrClient);
      return;
    }
    if (cachePlan) {
      accounting.cacheStatus = cachePlan.directives.lookup ? 'miss' : 'bypass';
      reply.header('x-sluice-cache', accounting.cacheStatus);
    }
    // A streamed answer is rebuilt from its chunks (as the provider sent them) so it can be cached.
    const recorder = canonical.stream && cachePlan?.directives.store ? new RecordingResponder(guardedOrClient) : null;
    const execution = await this.executor.execute(snapshot, key, canonical, recorder ?? guardedOrClient, signal);
    accounting.usage = execution.usage;
    accounting.servedBy = execution.servedBy;
    accounting.ttftMs = execution.ttftMs;
    const completion = execution.completion ?? recorder?.completion ?? null;
    if (cachePlan && completion && execution.servedBy) {
      this.cache.store(cachePlan, completion, execution.servedBy);
      if (semantic) this.semantic.store(key, canonical, cachePlan, semantic, completion, accounting.requestId);
    }
  }
}
