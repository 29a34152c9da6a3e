import type {
  ChatUsage,
  OpenAiChatCompletion,
  OpenAiFinishReason,
  OpenAiResponseMessage,
  OpenAiToolCall,
  ResponsesOutputItem,
  ResponsesReasoningItem,
  ResponsesRequestEcho,
  ResponsesResponse,
  ResponsesUsage,
  ThinkingBlock,
} from '@sluice/contracts';
import { inBlockOrder } from '../../core/block-order';
import { newId } from '../../core/canonical';
import { thinkingCarrierOf } from './reasoning-carrier';
import { DEFAULT_RESPONSES_ECHO, responsesServiceTierOf } from './response-echo';

export function responsesUsageOf(usage: ChatUsage | null | undefined): ResponsesUsage | null {
  if (!usage) return null;
  const reasoning = Number((usage.completion_tokens_details as { reasoning_tokens?: unknown } | null | undefined)?.reasoning_tokens ?? 0);
  return {
    input_tokens: usage.prompt_tokens,
    input_tokens_details: { cached_tokens: usage.prompt_tokens_details?.cached_tokens ?? 0 },
    output_tokens: usage.completion_tokens,
    output_tokens_details: { reasoning_tokens: reasoning },
    total_tokens: usage.total_tokens ?? usage.prompt_tokens + usage.completion_tokens,
  };
}

export function statusOf(reason: OpenAiFinishReason | null | undefined): Pick<ResponsesResponse, 'status' | 'incomplete_details'> {
  if (reason === 'length') return { status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } };
  if (reason === 'content_filter') return { status: 'incomplete', incomplete_details: { reason: 'content_filter' } };
  return { status: 'completed', incomplete_details: null };
}

export function responseId(id: string): string {
  return id.startsWith('resp_') ? id : `resp_${id.replace(/^chatcmpl-/, '')}`;
}

/**
 * A message's reasoning as reasoning items: one per Claude thinking block (its text as the summary,
 * the block itself in `encrypted_content`); reasoning text without blocks (DeepSeek-style) as one
 * item with no `encrypted_content`.
 */
export function reasoningItemsOf(message: Pick<OpenAiResponseMessage, 'reasoning_content' | 'thinking_blocks'> | undefined): ResponsesReasoningItem[] {
  const blocks = message?.thinking_blocks ?? [];
  if (blocks.length) return blocks.map(reasoningItemOf);
  const text = message?.reasoning_content;
  return text ? [{ type: 'reasoning', id: newId('rs_'), summary: [{ type: 'summary_text', text }], encrypted_content: null, status: 'completed' }] : [];
}

function reasoningItemOf(block: ThinkingBlock): ResponsesReasoningItem {
  return {
    type: 'reasoning',
    id: newId('rs_'),
    summary: block.type === 'thinking' && block.thinking ? [{ type: 'summary_text', text: block.thinking }] : [],
    encrypted_content: thinkingCarrierOf(block),
    status: 'completed',
  };
}

/** A canonical chat completion → a Responses API response (first choice); `echo` repeats the request. */
export function canonicalToResponsesResponse(response: OpenAiChatCompletion, options: { model?: string; echo?: ResponsesRequestEcho } = {}): ResponsesResponse {
  const choice = response.choices[0];
  const message = choice?.message;
  const text = message?.content ?? '';
  const itemStatus = choice?.finish_reason === 'length' ? 'incomplete' : 'completed';
  const messageItem = (part: string): ResponsesOutputItem => ({ type: 'message', id: newId('msg_'), status: itemStatus, role: 'assistant', content: [{ type: 'output_text', text: part, annotations: [] }] });
  const callItem = (call: OpenAiToolCall): ResponsesOutputItem => ({ type: 'function_call', id: newId('fc_'), call_id: call.id, name: call.function.name, arguments: call.function.arguments, status: 'completed' });
  // Interleaved thinking: the items in Claude's block order, which Claude checks when they come back.
  const ordered =
    message?.block_order && message.thinking_blocks
      ? inBlockOrder(message.block_order, message.thinking_blocks, text, message.tool_calls ?? [], { thinking: reasoningItemOf, text: messageItem, toolUse: callItem })
      : null;
  const output: ResponsesOutputItem[] = ordered ?? [...reasoningItemsOf(message), ...(text ? [messageItem(text)] : []), ...(message?.tool_calls ?? []).map(callItem)];
  const echo = options.echo ?? DEFAULT_RESPONSES_ECHO;
  return {
    id: responseId(response.id),
    object: 'response',
    created_at: response.created,
    ...statusOf(choice?.finish_reason),
    model: options.model ?? response.model,
    output,
    output_text: text,
    ...echo,
    service_tier: responsesServiceTierOf(response) ?? echo.service_tier,
    usage: responsesUsageOf(response.usage),
    error: null,
  };
}
