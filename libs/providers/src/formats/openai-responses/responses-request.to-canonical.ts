import type { OpenAiAssistantMessage, OpenAiChatMessage, OpenAiChatRequest, OpenAiUserContentPart, ResponsesInputContent, ResponsesRequest } from '@sluice/contracts';
import { blockOrderOf, type BlockSlot } from '../../core/block-order';
import { TranslationError } from '../../core/errors';
import { thinkingBlockFromCarrier } from './reasoning-carrier';

function userPart(part: ResponsesInputContent): OpenAiUserContentPart {
  if (part.type === 'input_text' || part.type === 'output_text') return { type: 'text', text: part.text };
  if (part.type === 'input_image' && part.image_url) return { type: 'image_url', image_url: { url: part.image_url, ...(part.detail ? { detail: part.detail } : {}) } };
  throw new TranslationError(`Sluice cannot translate '${part.type}' input content${part.type === 'input_image' ? ' by file_id' : ''} from the Responses API.`, 'unsupported_content', 'input');
}

function textOfParts(content: string | ResponsesInputContent[]): string {
  if (typeof content === 'string') return content;
  return content.map((p) => ('text' in p && typeof p.text === 'string' ? p.text : p.type === 'refusal' ? p.refusal : '')).join('');
}

/** The open assistant turn (its reasoning, text and tool calls arrive as separate items), or a new one. */
function assistantTurn(out: OpenAiChatMessage[], open: OpenAiAssistantMessage | null): OpenAiAssistantMessage {
  if (open && out.at(-1) === open) return open;
  const turn: OpenAiAssistantMessage = { role: 'assistant', content: null };
  out.push(turn);
  return turn;
}

function messagesOf(input: ResponsesRequest['input']): OpenAiChatMessage[] {
  if (typeof input === 'string') return [{ role: 'user', content: input }];
  const out: OpenAiChatMessage[] = [];
  // Reasoning, an assistant message and function calls in a row are one assistant turn.
  let turn: OpenAiAssistantMessage | null = null;
  // Each turn's items in order: with Claude's thinking among them, the order is its block_order.
  const slots = new Map<OpenAiAssistantMessage, BlockSlot[]>();
  const record = (target: OpenAiAssistantMessage, slot: BlockSlot) => {
    const list = slots.get(target);
    if (list) list.push(slot);
    else slots.set(target, [slot]);
  };
  for (const item of input) {
    if (item.type === 'reasoning') {
      // Claude's thinking comes back whole from encrypted_content; other reasoning (OpenAI's own, summaries) cannot be replayed.
      const block = thinkingBlockFromCarrier(item.encrypted_content);
      if (!block) continue;
      turn = assistantTurn(out, turn);
      turn.thinking_blocks = [...(turn.thinking_blocks ?? []), block];
      record(turn, 'thinking');
    } else if (item.type === 'item_reference') {
      throw new TranslationError('Sluice does not store responses or items: send the items themselves instead of item_reference.', 'unsupported_parameter', 'input');
    } else if (item.type === 'function_call') {
      turn = assistantTurn(out, turn);
      turn.tool_calls = [...(turn.tool_calls ?? []), { id: item.call_id, type: 'function' as const, function: { name: item.name, arguments: item.arguments } }];
      record(turn, 'tool_use');
    } else if (item.type === 'function_call_output') {
      out.push({ role: 'tool', tool_call_id: item.call_id, content: item.output });
    } else if (item.role === 'assistant') {
      // A second message item continues a thinking turn (interleaved thinking splits text); otherwise it starts a new turn.
      const continues = turn !== null && out.at(-1) === turn && (turn.thinking_blocks?.length ?? 0) > 0 && !turn.tool_calls?.length;
      turn = assistantTurn(out, continues || !(turn?.content || turn?.tool_calls?.length) ? turn : null);
      const text = textOfParts(item.content);
      turn.content = (turn.content ?? '') + text;
      record(turn, text.length);
    } else if (item.role === 'user') {
      out.push({ role: 'user', content: typeof item.content === 'string' ? item.content : item.content.map(userPart) });
    } else {
      out.push({ role: item.role, content: textOfParts(item.content) });
    }
  }
  for (const [target, order] of slots) {
    if (!target.thinking_blocks?.length) continue;
    const blockOrder = blockOrderOf(order, (slot) => slot);
    if (blockOrder) target.block_order = blockOrder;
  }
  return out;
}

function toolsOf(tools: ResponsesRequest['tools']): OpenAiChatRequest['tools'] {
  if (!tools?.length) return undefined;
  return tools.map((tool) => {
    if (tool.type !== 'function') throw new TranslationError(`Sluice cannot serve the built-in Responses tool '${tool.type}'; declare a function tool instead.`, 'unsupported_tool', 'tools');
    const fn = tool as { name?: unknown; description?: unknown; parameters?: unknown; strict?: unknown };
    if (typeof fn.name !== 'string') throw new TranslationError('A function tool needs a name.', 'invalid_tool', 'tools');
    return {
      type: 'function' as const,
      function: {
        name: fn.name,
        ...(typeof fn.description === 'string' ? { description: fn.description } : {}),
        ...(fn.parameters && typeof fn.parameters === 'object' ? { parameters: fn.parameters as Record<string, unknown> } : {}),
        ...(typeof fn.strict === 'boolean' ? { strict: fn.strict } : {}),
      },
    };
  });
}

/** A Responses API request → the canonical chat request. Stateless: `previous_response_id` and item references are refused. */
export function responsesToCanonicalRequest(request: ResponsesRequest): OpenAiChatRequest {
  if (request.previous_response_id) {
    throw new TranslationError('Sluice does not store responses: send the whole conversation in `input` instead of previous_response_id.', 'unsupported_parameter', 'previous_response_id');
  }
  const messages = messagesOf(request.input);
  if (request.instructions) messages.unshift({ role: 'system', content: request.instructions });
  const out: OpenAiChatRequest = { model: request.model, messages };
  const tools = toolsOf(request.tools);
  if (tools) out.tools = tools;
  const choice = request.tool_choice;
  if (choice) out.tool_choice = typeof choice === 'string' ? choice : { type: 'function', function: { name: choice.name } };
  if (request.parallel_tool_calls != null) out.parallel_tool_calls = request.parallel_tool_calls;
  if (request.max_output_tokens != null) out.max_completion_tokens = request.max_output_tokens;
  if (request.temperature != null) out.temperature = request.temperature;
  if (request.top_p != null) out.top_p = request.top_p;
  if (request.user) out.user = request.user;
  if (request.safety_identifier) out.safety_identifier = request.safety_identifier;
  if (request.prompt_cache_key) out.prompt_cache_key = request.prompt_cache_key;
  if (request.service_tier) out.service_tier = request.service_tier;
  // `store` is not passed on: in the Responses API it keeps the response for previous_response_id,
  // which Sluice does not do (every response says store: false); Chat Completions' `store` is another product.
  // Chat Completions names them reasoning_effort and verbosity; dropped, a reasoning model would fall back to its defaults.
  if (request.reasoning?.effort) out.reasoning_effort = request.reasoning.effort;
  if (request.text?.verbosity) out.verbosity = request.text.verbosity;
  const format = request.text?.format;
  if (format?.type === 'json_object') out.response_format = { type: 'json_object' };
  if (format?.type === 'json_schema') {
    out.response_format = {
      type: 'json_schema',
      json_schema: { name: format.name, schema: format.schema, ...(format.description ? { description: format.description } : {}), ...(format.strict != null ? { strict: format.strict } : {}) },
    };
  }
  if (request.stream) {
    out.stream = true;
    out.stream_options = { include_usage: true };
  }
  return out;
}
