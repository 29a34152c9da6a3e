import { EventStreamCodec, type MessageHeaders } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import type { PlannedBlock } from '../anthropic/messages-plan';
import { splitIntoChunks } from '../text/reply';
import type { ConversePlan } from './converse-plan';

const codec = new EventStreamCodec(toUtf8, fromUtf8);
/** Bedrock pads every stream event with a `p` field of varying length, so sizes do not leak the content. */
const PADDING = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** Converse tool-use ids look like `tooluse_…`; the plan's ids are Claude's `toolu_…`. */
function toolUseId(id: string): string {
  return id.replace(/^toolu_/, 'tooluse_');
}

function contentBlock(block: PlannedBlock): Record<string, unknown> {
  switch (block.type) {
    case 'thinking':
      return { reasoningContent: { reasoningText: { text: block.thinking, signature: block.signature } } };
    case 'redacted_thinking':
      // A blob: base64 in JSON.
      return { reasoningContent: { redactedContent: Buffer.from(block.data, 'utf8').toString('base64') } };
    case 'text':
      return { text: block.text };
    default:
      return { toolUse: { toolUseId: toolUseId(block.call.id), name: block.call.name, input: block.call.input } };
  }
}

/** The Converse response body. */
export function converseBody(plan: ConversePlan, latencyMs: number) {
  return {
    output: { message: { role: 'assistant', content: plan.message.blocks.map(contentBlock) } },
    stopReason: plan.message.stopReason,
    usage: plan.usage,
    metrics: { latencyMs },
  };
}

export type StreamEvent = [type: string, payload: Record<string, unknown>];

/** One block's events: a start for tool use only (as Bedrock sends them), its deltas, its stop. */
function* blockEvents(block: PlannedBlock, contentBlockIndex: number): Generator<StreamEvent> {
  const delta = (value: Record<string, unknown>): StreamEvent => ['contentBlockDelta', { contentBlockIndex, delta: value }];
  if (block.type === 'tool_use') {
    yield ['contentBlockStart', { contentBlockIndex, start: { toolUse: { toolUseId: toolUseId(block.call.id), name: block.call.name } } }];
    for (const input of splitIntoChunks(block.call.arguments)) yield delta({ toolUse: { input } });
  } else if (block.type === 'text') {
    for (const text of splitIntoChunks(block.text)) yield delta({ text });
  } else if (block.type === 'thinking') {
    for (const text of splitIntoChunks(block.thinking)) yield delta({ reasoningContent: { text } });
    yield delta({ reasoningContent: { signature: block.signature } });
  } else {
    yield delta({ reasoningContent: contentBlock(block).reasoningContent as Record<string, unknown> });
  }
  yield ['contentBlockStop', { contentBlockIndex }];
}

/** ConverseStream's events: messageStart, each block's events, messageStop, then metadata with usage and metrics. */
export function* converseStreamEvents(plan: ConversePlan, latencyMs: number): Generator<StreamEvent> {
  yield ['messageStart', { role: 'assistant' }];
  for (const [index, block] of plan.message.blocks.entries()) yield* blockEvents(block, index);
  yield ['messageStop', { stopReason: plan.message.stopReason }];
  yield ['metadata', { usage: plan.usage, metrics: { latencyMs } }];
}

const stringHeader = (value: string) => ({ type: 'string' as const, value });

/** One event in AWS's event-stream framing (prelude, headers, JSON payload, CRCs). */
export function eventFrame([type, payload]: StreamEvent, sequence: number): Uint8Array {
  const headers: MessageHeaders = { ':event-type': stringHeader(type), ':content-type': stringHeader('application/json'), ':message-type': stringHeader('event') };
  const padded = { ...payload, p: PADDING.slice(0, 8 + ((sequence * 7) % (PADDING.length - 8))) };
  return codec.encode({ headers, body: fromUtf8(JSON.stringify(padded)) });
}

/** An exception event (`:message-type: exception`), how ConverseStream fails once it has started. */
export function exceptionFrame(exceptionType: string, message: string): Uint8Array {
  const headers: MessageHeaders = { ':exception-type': stringHeader(exceptionType), ':content-type': stringHeader('application/json'), ':message-type': stringHeader('exception') };
  return codec.encode({ headers, body: fromUtf8(JSON.stringify({ message })) });
}

/** Stream exceptions a test may inject mid-stream with `x-mock-stream-exception` (ConverseStreamOutput's members). */
export const STREAM_EXCEPTIONS: Record<string, string> = {
  throttlingException: 'Too many requests, please wait before trying again.',
  modelStreamErrorException: 'The model stream failed. Retry your request.',
  internalServerException: 'The server encountered an internal error. Retry your request.',
  serviceUnavailableException: 'The service is not currently available. Try again later.',
  validationException: 'The model returned an invalid request error.',
};
