import { GatewayError } from '../errors/gateway-error';
import type { CompiledSnapshot } from '../snapshot/compiled-snapshot';

/**
 * 404 in the caller's format when no deployment serves the model alias: OpenAI's shape (type
 * `invalid_request_error`, code `model_not_found`); Anthropic clients get `not_found_error`.
 */
export function assertModelServed(snapshot: CompiledSnapshot, model: string): void {
  if (snapshot.deploymentsFor(model).length === 0) {
    throw new GatewayError(404, 'invalid_request_error', 'model_not_found', `The model '${model}' does not exist or you do not have access to it.`, 'model');
  }
}

export type ModelKind = 'chat' | 'embeddings';

/**
 * 400 when the catalog says the model is of the other kind (a chat model on /v1/embeddings, an
 * embeddings model on a chat route). A model whose capabilities name neither kind is let through.
 */
export function assertModelKind(snapshot: CompiledSnapshot, model: string, kind: ModelKind): void {
  const capabilities = snapshot.model(model)?.capabilities ?? [];
  const other: ModelKind = kind === 'chat' ? 'embeddings' : 'chat';
  if (capabilities.includes(kind) || !capabilities.includes(other)) return;
  const message =
    kind === 'embeddings'
      ? `The model '${model}' is a chat model and cannot create embeddings; use an embeddings model.`
      : `The model '${model}' is an embeddings model; use it with /v1/embeddings, or pick a chat model here.`;
  throw GatewayError.invalidRequest(message, 'model', 'model_not_supported');
}
