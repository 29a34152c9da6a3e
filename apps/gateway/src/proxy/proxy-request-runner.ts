import { Inject, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { GatewayEndpoint, SnapshotKey } from '@sluice/contracts';
import type { Logger } from '@sluice/observability';
import { ipAllowed } from '../auth/ip-allow-list';
import { verifyVirtualKey } from '../auth/virtual-key-verifier';
import { GatewayError } from '../errors/gateway-error';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway-config';
import { GovernanceGate, type Prices } from '../governance/governance-gate';
import { LOGGER } from '../logger.token';
import type { CompiledSnapshot } from '../snapshot/compiled-snapshot';
import { SnapshotStore } from '../snapshot/snapshot-store';
import { UsageSink } from '../usage/usage-sink';
import { RequestTelemetry } from '../metrics/request-telemetry';
import { RequestAccounting, requestedModelOf, requestIdOf, UNKNOWN_MODEL } from './request-accounting';

export interface ProxyContext {
  snapshot: CompiledSnapshot;
  key: SnapshotKey;
  accounting: RequestAccounting;
  /** Aborted when the client goes away; pass it to every upstream call. */
  signal: AbortSignal;
}

/**
 * The frame around every proxied call: request id, virtual-key authentication against one snapshot
 * (in-flight requests keep the snapshot they started with), client cancellation, settlement of the
 * limits reserved at admission, and exactly one usage event per authenticated request.
 */
@Injectable()
export class ProxyRequestRunner {
  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    private readonly store: SnapshotStore,
    private readonly usage: UsageSink,
    private readonly gate: GovernanceGate,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly telemetry: RequestTelemetry,
  ) {}

  async run(req: FastifyRequest, reply: FastifyReply, endpoint: GatewayEndpoint, handle: (ctx: ProxyContext) => Promise<void>): Promise<void> {
    const requestId = requestIdOf(req);
    reply.header('x-request-id', requestId);
    // Anthropic's SDKs read the id from `request-id` (what Anthropic sends), not `x-request-id`.
    if (endpoint === 'messages' || endpoint === 'messages.count_tokens') reply.header('request-id', requestId);
    const snapshot = this.store.current;
    const key = verifyVirtualKey(snapshot, this.config.SLUICE_KEY_PEPPER, req.headers);
    const allowList = snapshot.ipAllowList(key.id);
    if (allowList && !ipAllowed(allowList, req.ip)) {
      throw new GatewayError(403, 'permission_error', 'ip_not_allowed', 'This API key may not be used from your network address.');
    }
    const accounting = new RequestAccounting(requestId, key, endpoint);
    const cancel = new AbortController();
    const onClose = () => {
      if (!reply.raw.writableFinished) cancel.abort(new Error('client closed the connection'));
    };
    reply.raw.once('close', onClose);
    try {
      await this.telemetry.run(req, accounting, () => handle({ snapshot, key, accounting, signal: cancel.signal }));
    } catch (error) {
      accounting.failed(error);
      // Refused before the body was read (invalid JSON shape): log the model the client asked for, if it named one.
      if (accounting.model === UNKNOWN_MODEL) accounting.model = requestedModelOf(req.body) ?? UNKNOWN_MODEL;
      throw error;
    } finally {
      reply.raw.off('close', onClose);
      const prices = pricesOf(snapshot, accounting);
      if (accounting.admission) void this.gate.settle(accounting.admission, prices, accounting.usage);
      this.record(accounting, prices);
    }
  }

  private record(accounting: RequestAccounting, prices: Prices | undefined): void {
    try {
      const event = accounting.toUsageEvent(prices);
      this.telemetry.finished(accounting, event);
      this.usage.publish(event);
    } catch (error) {
      this.logger.error({ err: error, requestId: accounting.requestId }, 'usage event could not be built');
    }
  }
}

/** The serving deployment's price override, else the catalog model's prices. */
function pricesOf(snapshot: CompiledSnapshot, accounting: RequestAccounting): Prices | undefined {
  const deployment = accounting.servedBy ? snapshot.deployment(accounting.servedBy.deploymentId) : undefined;
  return deployment?.prices ?? snapshot.model(accounting.servedBy?.modelName ?? accounting.model);
}
