import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { faultSettingsFromHeaders, MockHeaderError } from '../faults/fault-headers';
import { resolveFaultPlan, type FaultPlan } from '../faults/fault-plan';
import type { MockState } from '../mock-state';
import { clientGoneSignal, sleep, untilAborted } from './abort';

/** How one provider family writes its errors on the wire. */
export interface ProviderDialect {
  sendError(reply: FastifyReply, status: number, message: string): FastifyReply;
}

export interface CallContext {
  plan: FaultPlan;
  /** Aborted when the client disconnects. */
  signal: AbortSignal;
}

export interface ProviderCall {
  model: string;
  stream: boolean;
}

/**
 * The part every provider endpoint shares once the request is authenticated and valid:
 * settle the fault plan, count the request, then hang / wait / fail / answer as the plan says.
 */
export async function runProviderCall(
  state: MockState,
  request: FastifyRequest,
  reply: FastifyReply,
  dialect: ProviderDialect,
  call: ProviderCall,
  respond: (context: CallContext) => unknown,
): Promise<unknown> {
  let plan: FaultPlan;
  try {
    plan = resolveFaultPlan(state.config, call.model, faultSettingsFromHeaders(request.headers), state.defaultLatencyMs);
  } catch (error) {
    if (error instanceof MockHeaderError) return dialect.sendError(reply, 400, error.message);
    throw error;
  }
  state.stats.countRequest(call.model);
  const signal = clientGoneSignal(reply.raw);
  signal.addEventListener('abort', () => state.stats.countClientDisconnect(call.model), { once: true });

  if (plan.hang) {
    request.log.debug({ model: call.model }, 'hanging until the client disconnects');
    reply.hijack();
    await untilAborted(signal);
    return reply;
  }
  const delay = plan.delayMs + (call.stream ? 0 : plan.ttftMs);
  if (!(await sleep(delay, signal))) return reply;

  const injected = state.errors.errorFor(plan, { model: call.model, apiKeyId: apiKeyIdOf(request) });
  if (injected) {
    state.stats.countInjectedError(call.model);
    request.log.debug({ model: call.model, status: injected.status }, 'injecting an error');
    if (injected.retryAfterSeconds !== undefined) reply.header('retry-after', String(injected.retryAfterSeconds));
    return dialect.sendError(reply, injected.status, injected.message);
  }
  await respond({ plan, signal });
  return reply;
}

/** A short, non-secret fingerprint of whichever credential the request carried (for per-key fail-first). */
export function apiKeyIdOf(request: FastifyRequest): string {
  const headers = request.headers;
  const query = request.query as Record<string, unknown> | undefined;
  const credential =
    headers.authorization ?? headers['x-api-key'] ?? headers['x-goog-api-key'] ?? (typeof query?.key === 'string' ? query.key : '');
  const value = Array.isArray(credential) ? credential[0] : credential;
  return createHash('sha256').update(value ?? '').digest('hex').slice(0, 16);
}
