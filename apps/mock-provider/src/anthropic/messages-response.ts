import { randomBytes } from 'node:crypto';
import { sseEvent, type SseEvent } from '../http/sse';
import type { CacheUse } from '../text/prompt-cache';
import { splitIntoChunks } from '../text/reply';
import type { MessagePlan, PlannedBlock } from './messages-plan';

export function messageId(): string {
  return `msg_${randomBytes(12).toString('base64url')}`;
}

/** `cache`: the prompt cache's reads and writes, when the request had cache breakpoints (input_tokens excludes both). */
function usage(plan: MessagePlan, outputTokens: number, cache: CacheUse | undefined) {
  const read = cache?.read ?? 0;
  const write = cache?.write ?? 0;
  return {
    input_tokens: plan.inputTokens - read - write,
    cache_creation_input_tokens: write,
    cache_read_input_tokens: read,
    ...(cache ? { cache_creation: { ephemeral_5m_input_tokens: cache.ttl === '5m' ? write : 0, ephemeral_1h_input_tokens: cache.ttl === '1h' ? write : 0 } } : {}),
    output_tokens: outputTokens,
    service_tier: 'standard',
  };
}

function contentBlocks(plan: MessagePlan): Record<string, unknown>[] {
  return plan.blocks.map((block) => (block.type === 'tool_use' ? { type: 'tool_use', id: block.call.id, name: block.call.name, input: block.call.input } : block));
}

/** A complete `message` object. */
export function messageBody(id: string, model: string, plan: MessagePlan, cache?: CacheUse) {
  return {
    id,
    type: 'message',
    role: 'assistant',
    model,
    content: contentBlocks(plan),
    stop_reason: plan.stopReason,
    stop_sequence: plan.stopSequence,
    usage: usage(plan, plan.outputTokens, cache),
  };
}

/** One block's stream events: its start, deltas (thinking_delta then signature_delta; citations_delta then text_delta; input_json_delta) and stop. */
function* blockEvents(block: PlannedBlock, index: number, event: (type: string, fields?: Record<string, unknown>) => SseEvent): Generator<SseEvent> {
  if (block.type === 'tool_use') {
    yield event('content_block_start', { index, content_block: { type: 'tool_use', id: block.call.id, name: block.call.name, input: {} } });
    if (index === 0) yield event('ping');
    yield event('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: '' } });
    for (const partial_json of splitIntoChunks(block.call.arguments)) yield event('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json } });
  } else if (block.type === 'text') {
    // A cited block starts with `citations: []`; its citations come before its text, as Claude sends them.
    yield event('content_block_start', { index, content_block: { type: 'text', text: '', ...(block.citations ? { citations: [] } : {}) } });
    if (index === 0) yield event('ping');
    for (const citation of block.citations ?? []) yield event('content_block_delta', { index, delta: { type: 'citations_delta', citation } });
    for (const text of splitIntoChunks(block.text)) yield event('content_block_delta', { index, delta: { type: 'text_delta', text } });
  } else {
    yield event('content_block_start', { index, content_block: block.type === 'redacted_thinking' ? block : { type: 'thinking', thinking: '', signature: '' } });
    if (index === 0) yield event('ping');
    if (block.type === 'thinking') {
      // Claude streams the thinking text, then its signature just before the block stops.
      for (const thinking of splitIntoChunks(block.thinking)) yield event('content_block_delta', { index, delta: { type: 'thinking_delta', thinking } });
      yield event('content_block_delta', { index, delta: { type: 'signature_delta', signature: block.signature } });
    }
  }
  yield event('content_block_stop', { index });
}

/**
 * Anthropic's stream: message_start, then per block content_block_start / deltas / content_block_stop
 * (with a ping after the first start), message_delta with stop_reason and output_tokens, message_stop.
 */
export function* messageEvents(id: string, model: string, plan: MessagePlan, cache?: CacheUse): Generator<SseEvent> {
  const event = (type: string, fields: Record<string, unknown> = {}) => sseEvent({ type, ...fields }, type);
  yield event('message_start', {
    message: { ...messageBody(id, model, plan, cache), content: [], stop_reason: null, stop_sequence: null, usage: usage(plan, 1, cache) },
  });
  for (const [index, block] of plan.blocks.entries()) yield* blockEvents(block, index, event);
  yield event('message_delta', {
    delta: { stop_reason: plan.stopReason, stop_sequence: plan.stopSequence },
    usage: { output_tokens: plan.outputTokens },
  });
  yield event('message_stop');
}
