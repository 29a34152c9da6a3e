import type { OpenAiChatChunk, OpenAiChatCompletion } from '@sluice/contracts';
import type { AttemptRecord } from '@sluice/routing';
import type { GatewayError } from '../errors/gateway-error';

/** Who served a request, for response headers and the usage event. */
export interface ServedBy {
  modelName: string;
  providerName: string;
  deploymentId: string;
  attempts: readonly AttemptRecord[];
}

/**
 * Writes canonical (OpenAI-format) results in the client's wire format. One implementation per
 * client API (OpenAI chat, Anthropic messages, Responses, legacy completions).
 */
export interface ChatResponder {
  json(completion: OpenAiChatCompletion, servedBy: ServedBy): Promise<void>;
  /** Starts a stream (status and headers); called once, right before the first chunk. */
  open(servedBy: ServedBy): void;
  chunk(chunk: OpenAiChatChunk): void;
  close(): void;
  /** The stream broke after it had started; tell the client in-band and end it. */
  fail(error: GatewayError): void;
}
