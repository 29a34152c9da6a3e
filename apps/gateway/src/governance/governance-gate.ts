import type { FastifyReply } from 'fastify';
import type { ChatUsage, OpenAiChatRequest, Prices as CatalogPrices, SnapshotKey } from '@sluice/contracts';
import { costOfUsage, crossedThresholds, LocalLimiter, type Admission, type GovernancePlan, type Limiter } from '@sluice/governance';
import { decodeCacheEntry, type CacheEntry } from '@sluice/cache';
import type { Logger } from '@sluice/observability';
import type { AlertSink } from '../alerts/alert-sink';
import { budgetThresholdAlert } from '../alerts/budget-alert';
import { GatewayError } from '../errors/gateway-error';
import type { CompiledSnapshot } from '../snapshot/compiled-snapshot';
import { estimateRequest } from './admission-estimate';
import { setRateLimitHeaders } from './rate-limit-headers';

export type Prices = CatalogPrices;

/** The outcome of admission: what to settle later, and the exact-cache entry read in the same round trip. */
export interface Admitted {
  ticket: AdmissionTicket | null;
  cached: CacheEntry | null;
}

/** What was reserved for one request, to be settled once its real usage is known. */
export interface AdmissionTicket {
  plan: GovernancePlan;
  requestId: string;
  estimatedTokens: number;
  /**
   * Where the reservation was made: `redis` is the configured limiter (Redis; for a standalone
   * gateway without Redis, its in-process limiter), `local` the fail-open stand-in.
   */
  limiter: 'redis' | 'local';
}

const SCOPE_NAMES: Record<string, string> = { key: 'API key', user: 'user', team: 'team', org: 'organization' };

/**
 * Rate limits, concurrency limits and budgets for every request, in one atomic Redis call before
 * the upstream call and one after it; the settle result tells which budget alert thresholds the
 * call crossed (alerts are raised off the request path). When Redis is unreachable the org's fail
 * mode decides: `open` falls back to a per-instance limiter, `closed` refuses with 503.
 */
export class GovernanceGate {
  private local: LocalLimiter | null = null;

  constructor(
    private readonly limiter: Limiter,
    private readonly alerts: AlertSink,
    private readonly logger: Logger,
  ) {}

  /**
   * Checks and reserves the request's limits and budgets and, with `cacheKey`, reads the exact cache
   * in the same Redis round trip. A cache hit consumes request counts only (no tokens, budget or slot).
   */
  async admit(snapshot: CompiledSnapshot, key: SnapshotKey, requestId: string, request: OpenAiChatRequest, reply: FastifyReply, cacheKey?: string): Promise<Admitted> {
    const governance = snapshot.governance;
    const estimate = governance.isEmpty ? null : estimateRequest(request, snapshot.reservationPrices(request.model));
    const plan = estimate ? governance.plan(key, estimate, new Date()) : { orgId: key.orgId, rules: [], tokenRuleIds: [] };
    if (plan.rules.length === 0 && !cacheKey) return { ticket: null, cached: null };
    let admission: Admission;
    let limiter: AdmissionTicket['limiter'] = 'redis';
    try {
      admission = await this.limiter.admit(plan.orgId, requestId, plan.rules, cacheKey);
    } catch (error) {
      if (plan.rules.length === 0) {
        this.logger.warn({ err: error, requestId }, 'cache unavailable (Redis); treating as a miss');
        return { ticket: null, cached: null };
      }
      if (governance.failModeFor(plan.orgId) === 'closed') {
        this.logger.error({ err: error, requestId }, 'limits unavailable (Redis) and the organization fails closed');
        throw new GatewayError(503, 'api_error', 'governance_unavailable', 'Usage limits cannot be checked right now, and this organization refuses requests until they can. Retry shortly.', null, { 'retry-after': '5' });
      }
      this.logger.warn({ err: error, requestId }, 'limits unavailable (Redis); enforcing per-instance limits (fail open)');
      this.local ??= new LocalLimiter(governance.source.expectedInstances);
      admission = this.local.admit(plan.orgId, requestId, plan.rules);
      limiter = 'local';
    }
    setRateLimitHeaders(reply, admission.states);
    if (!admission.allowed) throw refusal(admission, estimate?.tokens ?? 0);
    const cached = decodeCacheEntry(admission.cached);
    // On a hit only request counts were consumed, permanently: nothing to settle.
    if (cached || plan.rules.length === 0) return { ticket: null, cached };
    return { ticket: { plan, requestId, estimatedTokens: estimate?.tokens ?? 0, limiter }, cached: null };
  }

  /** Replaces the reservations with real usage (or returns them when the call failed). Never throws. */
  async settle(ticket: AdmissionTicket, prices: Prices | undefined, usage: ChatUsage | null): Promise<void> {
    const used = usage ? usage.prompt_tokens + usage.completion_tokens : 0;
    const tokenDelta = Object.fromEntries(ticket.plan.tokenRuleIds.map((id) => [id, used - ticket.estimatedTokens]));
    const costNanos = usage && prices ? Math.ceil(costOfUsage(prices, usage) * 1e9) : 0;
    const settlement = { tokenDelta, costNanos };
    try {
      if (ticket.limiter === 'local') {
        this.local?.settle(ticket.plan.orgId, ticket.requestId, ticket.plan.rules, settlement);
        return;
      }
      const spent = await this.limiter.settle(ticket.plan.orgId, ticket.requestId, ticket.plan.rules, settlement);
      this.raiseBudgetAlerts(ticket, spent, costNanos);
    } catch (error) {
      // Leases and reservations expire on their own; the worker's reconciliation corrects spend.
      this.logger.warn({ err: error, requestId: ticket.requestId }, 'could not settle limits after the call');
    }
  }

  /** From the spent totals the settlement returned; no extra round trip. */
  private raiseBudgetAlerts(ticket: AdmissionTicket, spent: Record<string, number>, costNanos: number): void {
    if (costNanos <= 0) return;
    const now = new Date();
    for (const rule of ticket.plan.rules) {
      if (rule.kind !== 'budget' || spent[rule.id] === undefined) continue;
      for (const crossed of crossedThresholds(rule, spent[rule.id], costNanos)) {
        this.alerts.raise(budgetThresholdAlert(ticket.plan.orgId, crossed, now));
      }
    }
  }
}

function refusal(admission: Admission, estimatedTokens: number): GatewayError {
  const denied = admission.deniedBy!;
  const [scope] = denied.id.split(':');
  const who = SCOPE_NAMES[scope] ?? scope;
  const state = admission.states.find((s) => s.id === denied.id);
  const retryAfter: Record<string, string> = denied.retryAfterMs > 0 ? { 'retry-after': String(Math.max(1, Math.ceil(denied.retryAfterMs / 1000))) } : {};
  if (denied.kind === 'budget') {
    return new GatewayError(429, 'rate_limit_error', 'budget_exceeded', `The ${who}'s budget is used up for this period; the call could cost more than what remains.`, null);
  }
  if (denied.kind === 'concurrency') {
    return new GatewayError(429, 'rate_limit_error', 'concurrency_limit_exceeded', `Too many concurrent requests for this ${who} (limit ${state?.limit}). Retry when one finishes.`, null, retryAfter);
  }
  const tokens = denied.id.endsWith(':tpm');
  if (denied.retryAfterMs < 0) {
    return GatewayError.invalidRequest(
      `This request may use up to ${estimatedTokens} tokens, more than the ${who}'s limit of ${state?.limit} tokens per minute. Lower max_tokens or shorten the prompt.`,
      'max_tokens',
      'request_exceeds_token_limit',
    );
  }
  return new GatewayError(429, 'rate_limit_error', 'rate_limit_exceeded', `Rate limit reached for this ${who}: ${state?.limit} ${tokens ? 'tokens' : 'requests'} per minute. Retry after the time in Retry-After.`, null, retryAfter);
}
