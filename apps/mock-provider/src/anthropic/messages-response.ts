import { randomBytes } from 'node:crypto';
import { sseEvent, type SseEvent } from '../http/sse';
import { splitIntoChunks } from '../text/reply';
import type { MessagePlan } from './messages-plan';

export function messageId(): string {
  return `msg_${randomBytes(12).toString('base64url')}`;
}

function usage(plan: MessagePlan, outputTokens: number) {
  return {
    input_tokens: plan.inputTokens,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: 0,
    output_tokens: outputTokens,
    service_tier: 'standard',
  };
}

function contentBlocks(plan: MessagePlan): Record<string, unknown>[] {
  if (plan.text !== undefined) return [...plan.thinking, { type: 'text', text: plan.text }];
  return [...plan.thinking, ...plan.toolCalls.map((call) => ({ type: 'tool_use', id: call.id, name: call.name, input: call.input }))];
}

/** A complete `message` object. */
export function messageBody(id: string, model: string, plan: MessagePlan) {
  return {
    id,
    type: 'message',
    role: 'assistant',
    model,
    content: contentBlocks(plan),
    stop_reason: plan.stopReason,
    stop_sequence: plan.stopSequence,
    usage: usage(plan, plan.outputTokens),
  };
}

/**
 * Anthropic's stream: message_start, then per block content_block_start / deltas / content_block_stop
 * (with a ping after the first start; thinking blocks stream thinking_delta then signature_delta), message_delta with stop_reason and output_tokens, message_stop.
 */
export function* messageEvents(id: string, model: string, plan: MessagePlan): Generator<SseEvent> {
  const event = (type: string, fields: Record<string, unknown> = {}) => sseEvent({ type, ...fields }, type);
  yield event('message_start', {
    message: { ...messageBody(id, model, plan), content: [], stop_reason: null, stop_sequence: null, usage: usage(plan, 1) },
  });
  let index = 0;
  for (const block of plan.thinking) {
    const start = block.type === 'redacted_thinking' ? block : { type: 'thinking', thinking: '', signature: '' };
    yield event('content_block_start', { index, content_block: start });
    if (index === 0) yield event('ping');
    if (block.type === 'thinking') {
      // Claude streams the thinking text, then its signature just before the block stops.
      for (const thinking of splitIntoChunks(block.thinking)) yield event('content_block_delta', { index, delta: { type: 'thinking_delta', thinking } });
      yield event('content_block_delta', { index, delta: { type: 'signature_delta', signature: block.signature } });
    }
    yield event('content_block_stop', { index });
    index++;
  }
  if (plan.text !== undefined) {
    yield event('content_block_start', { index, content_block: { type: 'text', text: '' } });
    if (index === 0) yield event('ping');
    for (const text of splitIntoChunks(plan.text)) yield event('content_block_delta', { index, delta: { type: 'text_delta', text } });
    yield event('content_block_stop', { index });
  }
  for (const call of plan.toolCalls) {
    yield event('content_block_start', { index, content_block: { type: 'tool_use', id: call.id, name: call.name, input: {} } });
    if (index === 0) yield event('ping');
    yield event('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: '' } });
    for (const partial_json of splitIntoChunks(call.arguments)) {
      yield event('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json } });
    }
    yield event('content_block_stop', { index });
    index++;
  }
  yield event('message_delta', {
    delta: { stop_reason: plan.stopReason, stop_sequence: plan.stopSequence },
    usage: { output_tokens: plan.outputTokens },
  });
  yield event('message_stop');
}
