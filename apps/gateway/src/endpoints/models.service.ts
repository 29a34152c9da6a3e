import { Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { SnapshotKey } from '@sluice/contracts';
import { verifyVirtualKey } from '../auth/virtual-key-verifier';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway-config';
import { GatewayError } from '../errors/gateway-error';
import type { CompiledSnapshot } from '../snapshot/compiled-snapshot';
import { isAnthropicClient } from '../errors/anthropic-error';
import { anthropicModel, anthropicModelPage, type AnthropicModel, type AnthropicModelPage } from './anthropic-models';
import { SnapshotStore } from '../snapshot/snapshot-store';

export interface ModelObject {
  id: string;
  object: 'model';
  created: number;
  owned_by: string;
}

/**
 * GET /v1/models and /v1/models/{id}: only the models the key may use and the gateway can serve, in
 * OpenAI's shape, or in Anthropic's (paginated) for Anthropic's SDK, which sends `anthropic-version`.
 */
@Injectable()
export class ModelsService {
  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    private readonly store: SnapshotStore,
  ) {}

  list(req: FastifyRequest): { object: 'list'; data: ModelObject[] } | AnthropicModelPage {
    const snapshot = this.store.current;
    const key = verifyVirtualKey(snapshot, this.config.SLUICE_KEY_PEPPER, req.headers);
    const names = this.visible(snapshot, key);
    if (isAnthropicClient(req.headers)) return anthropicModelPage(names, req.query);
    return { object: 'list', data: names.map((name) => this.modelObject(snapshot, name)) };
  }

  retrieve(req: FastifyRequest, id: string): ModelObject | AnthropicModel {
    const snapshot = this.store.current;
    const key = verifyVirtualKey(snapshot, this.config.SLUICE_KEY_PEPPER, req.headers);
    if (!this.visible(snapshot, key).includes(id)) {
      throw new GatewayError(404, 'invalid_request_error', 'model_not_found', `The model '${id}' does not exist or you do not have access to it.`, 'model');
    }
    return isAnthropicClient(req.headers) ? anthropicModel(id) : this.modelObject(snapshot, id);
  }

  private visible(snapshot: CompiledSnapshot, key: SnapshotKey): string[] {
    return snapshot
      .modelNames()
      .filter((name) => snapshot.mayUseModel(key, name))
      .sort();
  }

  private modelObject(snapshot: CompiledSnapshot, name: string): ModelObject {
    const provider = snapshot.provider(snapshot.deploymentsFor(name)[0]?.providerId ?? '');
    return { id: name, object: 'model', created: 0, owned_by: provider?.type ?? 'sluice' };
  }
}
