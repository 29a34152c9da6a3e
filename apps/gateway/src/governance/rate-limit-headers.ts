import type { FastifyReply } from 'fastify';
import type { RuleState } from '@sluice/governance';

/** The request (`:rpm`) and token (`:tpm`) rules with the least remaining, across every scope; first wins a tie. */
export function tightestLimits(states: readonly RuleState[]): { requests?: RuleState; tokens?: RuleState } {
  let requests: RuleState | undefined;
  let tokens: RuleState | undefined;
  // A loop rather than filter and sort: this runs on every governed request.
  for (const state of states) {
    if (state.id.endsWith(':rpm')) {
      if (!requests || state.remaining < requests.remaining) requests = state;
    } else if (state.id.endsWith(':tpm') && (!tokens || state.remaining < tokens.remaining)) tokens = state;
  }
  return { requests, tokens };
}

/** OpenAI-style x-ratelimit-* headers from the tightest request and token limits. */
export function setRateLimitHeaders(reply: FastifyReply, states: readonly RuleState[]): void {
  const { requests, tokens } = tightestLimits(states);
  if (requests) {
    reply.header('x-ratelimit-limit-requests', String(requests.limit));
    reply.header('x-ratelimit-remaining-requests', String(requests.remaining));
    reply.header('x-ratelimit-reset-requests', `${(requests.resetMs / 1000).toFixed(3)}s`);
  }
  if (tokens) {
    reply.header('x-ratelimit-limit-tokens', String(tokens.limit));
    reply.header('x-ratelimit-remaining-tokens', String(tokens.remaining));
    reply.header('x-ratelimit-reset-tokens', `${(tokens.resetMs / 1000).toFixed(3)}s`);
  }
}
