import { generateReply, type FinishKind } from '../text/reply';
import { estimatePromptTokens, estimateTokens } from '../text/tokens';
import { planToolCalls, type PlannedToolCall, type ToolMode } from '../text/tool-calls';
import type { Citation } from './citations';
import type { CountTokensRequest, MessagesRequest } from './messages-request';
import { planThinking, thinkingBlock, thinkingIsOn, type ThinkingBlock } from './thinking';

type Block = { type: string; text?: unknown; content?: unknown; input?: unknown; source?: { type?: unknown; data?: unknown } };

function blocksText(content: unknown): { text: string; images: number; toolResult: boolean } {
  if (typeof content === 'string') return { text: content, images: 0, toolResult: false };
  const blocks = Array.isArray(content) ? (content as Block[]) : [];
  let images = 0;
  let toolResult = false;
  const texts: string[] = [];
  for (const block of blocks) {
    if (typeof block.text === 'string') texts.push(block.text);
    // A text document is read like text (so replies show it arrived); other documents cost like an image.
    else if (block.type === 'document' && block.source?.type === 'text' && typeof block.source.data === 'string') texts.push(block.source.data);
    else if (block.type === 'image' || block.type === 'document') images++;
    else if (block.type === 'tool_use') texts.push(JSON.stringify(block.input ?? {}));
    else if (block.type === 'tool_result') {
      toolResult = true;
      texts.push(blocksText(block.content).text);
    }
  }
  return { text: texts.join('\n'), images, toolResult };
}

interface Conversation {
  prompt: string;
  endsWithToolResult: boolean;
  inputTokens: number;
}

/** The reply prompt and the input token count; count_tokens and messages use the same figure. */
export function summariseConversation(request: CountTokensRequest): Conversation {
  const texts: string[] = [];
  if (typeof request.system === 'string') texts.push(request.system);
  else if (request.system) texts.push(...request.system.map((block) => block.text));
  let images = 0;
  let prompt = '';
  let endsWithToolResult = false;
  for (const message of request.messages) {
    const summary = blocksText(message.content);
    texts.push(summary.text);
    images += summary.images;
    if (message.role === 'user') prompt = summary.toolResult ? `tool result: ${summary.text}` : summary.text;
    endsWithToolResult = summary.toolResult;
  }
  if (request.tools) texts.push(JSON.stringify(request.tools));
  return { prompt, endsWithToolResult, inputTokens: estimatePromptTokens({ texts, images, messages: request.messages.length }) };
}

export type StopReason = 'end_turn' | 'max_tokens' | 'stop_sequence' | 'tool_use';

/** One content block of the mock's answer, in the order it is sent. */
export type PlannedBlock = ThinkingBlock | { type: 'text'; text: string; citations?: Citation[] } | { type: 'tool_use'; call: PlannedToolCall };

export interface MessagePlan {
  /** The content in Claude's order; thinking is counted in outputTokens, as Claude bills it. */
  blocks: PlannedBlock[];
  stopReason: StopReason;
  stopSequence: string | null;
  inputTokens: number;
  outputTokens: number;
}

const STOP_REASONS: Record<FinishKind, StopReason> = { stop: 'end_turn', length: 'max_tokens', stop_sequence: 'stop_sequence' };

function thinkingTokens(blocks: ThinkingBlock[]): number {
  return blocks.reduce((sum, block) => sum + estimateTokens(block.type === 'thinking' ? block.thinking : block.data), 0);
}

/**
 * The blocks of a tool-use answer. Plain thinking: the thinking, then the tool_use blocks. With
 * interleaved thinking (its beta sent), Claude says what it does and thinks again before each
 * further call: [thinking, text, tool_use, thinking, tool_use …].
 */
function toolUseBlocks(thinking: ThinkingBlock[], calls: PlannedToolCall[], interleaved: boolean): PlannedBlock[] {
  if (!interleaved || thinking.length === 0) return [...thinking, ...calls.map((call) => ({ type: 'tool_use' as const, call }))];
  const blocks: PlannedBlock[] = [...thinking, { type: 'text', text: `I will call ${calls[0].name}.` }];
  for (const [i, call] of calls.entries()) {
    if (i > 0) blocks.push(thinkingBlock(`Mock thinking before calling ${call.name} (call ${i + 1})`, blocks.length));
    blocks.push({ type: 'tool_use', call });
  }
  return blocks;
}

/**
 * Decides the assistant message: with thinking on, a signed thinking block first (when answering
 * a tool result only with interleaved thinking: else the turn's thinking came before its tool
 * call); then tool_use blocks when tools are offered (interleaved with more thinking, see
 * {@link toolUseBlocks}), else text. `interleaved`: the interleaved-thinking beta was sent.
 */
export function planMessage(request: MessagesRequest, outputTokens: number | undefined, interleaved = false): MessagePlan {
  const conversation = summariseConversation(request);
  const thinks = thinkingIsOn(request) && (interleaved || !conversation.endsWithToolResult);
  const thinking = thinks ? planThinking(conversation.prompt) : [];
  const toolCalls = conversation.endsWithToolResult
    ? []
    : planToolCalls(
        (request.tools ?? []).map((tool) => ({ name: tool.name, parameters: tool.input_schema })),
        toolMode(request.tool_choice),
        // Every tool at once only when parallel use is asked for explicitly (`disable_parallel_tool_use: false`).
        request.tool_choice?.disable_parallel_tool_use === false,
        conversation.prompt,
        'toolu_',
      );
  if (toolCalls.length > 0) {
    const blocks = toolUseBlocks(thinking, toolCalls, interleaved);
    const tokens = blocks.reduce((sum, block) => sum + (block.type === 'tool_use' ? estimateTokens(block.call.name + block.call.arguments) : block.type === 'text' ? estimateTokens(block.text) : thinkingTokens([block])), 0);
    return { blocks, stopReason: 'tool_use', stopSequence: null, inputTokens: conversation.inputTokens, outputTokens: tokens };
  }
  const reply = asksForJson(request)
    ? generateJsonReply(conversation.prompt)
    : generateReply(conversation.prompt, { outputTokens, maxTokens: request.max_tokens, stop: request.stop_sequences });
  return {
    blocks: [...thinking, { type: 'text', text: reply.text }],
    stopReason: STOP_REASONS[reply.finish],
    stopSequence: reply.stopSequence,
    inputTokens: conversation.inputTokens,
    outputTokens: estimateTokens(reply.text) + thinkingTokens(thinking),
  };
}

/** A system prompt asking for "a single valid JSON object" (how gateways emulate JSON mode on Claude) gets `{"reply": …}`, like OpenAI's json_object. */
function asksForJson(request: MessagesRequest): boolean {
  const system = typeof request.system === 'string' ? request.system : (request.system ?? []).map((block) => block.text).join('\n');
  return /valid JSON object/i.test(system);
}

function generateJsonReply(prompt: string): ReturnType<typeof generateReply> {
  return { text: JSON.stringify({ reply: generateReply(prompt).text }), finish: 'stop', stopSequence: null };
}

function toolMode(choice: MessagesRequest['tool_choice']): ToolMode {
  if (!choice || choice.type === 'auto') return { kind: 'auto' };
  if (choice.type === 'none') return { kind: 'none' };
  if (choice.type === 'any') return { kind: 'required' };
  return choice.name ? { kind: 'named', name: choice.name } : { kind: 'required' };
}
