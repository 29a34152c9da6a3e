import { GatewayError } from '../errors/gateway-error';
import type { CompiledSnapshot } from '../snapshot/compiled-snapshot';

/** 404 in the caller's format when no deployment serves the model alias. */
export function assertModelServed(snapshot: CompiledSnapshot, model: string): void {
  if (snapshot.deploymentsFor(model).length === 0) {
    throw new GatewayError(404, 'not_found_error', 'model_not_found', `The model '${model}' does not exist or you do not have access to it.`, 'model');
  }
}
