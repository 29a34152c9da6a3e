import { Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { SnapshotKey } from '@sluice/contracts';
import { verifyVirtualKey } from '../auth/virtual-key-verifier';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway-config';
import { GatewayError } from '../errors/gateway-error';
import type { CompiledSnapshot } from '../snapshot/compiled-snapshot';
import { SnapshotStore } from '../snapshot/snapshot-store';

export interface ModelObject {
  id: string;
  object: 'model';
  created: number;
  owned_by: string;
}

/** GET /v1/models and /v1/models/{id}: only the models the key may use and the gateway can serve. */
@Injectable()
export class ModelsService {
  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    private readonly store: SnapshotStore,
  ) {}

  list(req: FastifyRequest): { object: 'list'; data: ModelObject[] } {
    const snapshot = this.store.current;
    const key = verifyVirtualKey(snapshot, this.config.SLUICE_KEY_PEPPER, req.headers);
    return { object: 'list', data: this.visible(snapshot, key).map((name) => this.modelObject(snapshot, name)) };
  }

  retrieve(req: FastifyRequest, id: string): ModelObject {
    const snapshot = this.store.current;
    const key = verifyVirtualKey(snapshot, this.config.SLUICE_KEY_PEPPER, req.headers);
    if (!this.visible(snapshot, key).includes(id)) {
      throw new GatewayError(404, 'not_found_error', 'model_not_found', `The model '${id}' does not exist or you do not have access to it.`, 'model');
    }
    return this.modelObject(snapshot, id);
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
