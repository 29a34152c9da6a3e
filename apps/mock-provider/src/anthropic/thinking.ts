import { createHmac, timingSafeEqual } from 'node:crypto';
import type { MessagesRequest } from './messages-request';

/** Signs the mock's thinking the way Claude does (opaquely): a thinking block comes back valid only with its own signature. */
const SIGNING_KEY = 'sluice-mock-provider-thinking';
const PROMPT_PREVIEW_CHARS = 60;
/** `[mock-redacted-thinking]` in the prompt adds a redacted_thinking block after the thinking block. */
export const REDACTED_THINKING_MARKER = '[mock-redacted-thinking]';

export type ThinkingBlock = { type: 'thinking'; thinking: string; signature: string } | { type: 'redacted_thinking'; data: string };

/**
 * The signature binds the block's place in its message too: like Claude's, a thinking block moved
 * (the blocks of an interleaved turn sent back in another order) is no longer valid.
 */
function sign(kind: string, text: string, position: number): string {
  return createHmac('sha256', SIGNING_KEY).update(`${kind}\u0000${position}\u0000${text}`).digest('base64');
}

function sameSignature(expected: string, actual: unknown): boolean {
  if (typeof actual !== 'string') return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(actual);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function thinkingIsOn(request: MessagesRequest): boolean {
  return request.thinking !== undefined && request.thinking.type !== 'disabled';
}

/** A signed thinking block with this text, for its place in the message. */
export function thinkingBlock(thinking: string, position: number): ThinkingBlock {
  return { type: 'thinking', thinking, signature: sign('thinking', thinking, position) };
}

/** The thinking the mock "does" for a prompt, at the start of its message: deterministic text, signed; plus a redacted block when asked for. */
export function planThinking(prompt: string): ThinkingBlock[] {
  const preview = prompt.replace(/\s+/g, ' ').trim().slice(0, PROMPT_PREVIEW_CHARS).trimEnd();
  const blocks: ThinkingBlock[] = [thinkingBlock(`Mock thinking about: ${preview}`, 0)];
  if (prompt.includes(REDACTED_THINKING_MARKER)) {
    const hidden = Buffer.from(`redacted:${preview}`).toString('base64');
    blocks.push({ type: 'redacted_thinking', data: `${hidden}.${sign('redacted', hidden, 1)}` });
  }
  return blocks;
}

type Block = { type: string; thinking?: unknown; signature?: unknown; data?: unknown };

function blocksOf(content: unknown): Block[] {
  return Array.isArray(content) ? (content as Block[]) : [];
}

/**
 * Claude's checks on thinking sent back, as 400 messages (null when all is well): every thinking
 * block carries the signature it was given at its place, every redacted block its data unchanged; with thinking
 * on, an assistant turn that called tools must start with its thinking, as Claude requires to
 * continue a tool-use turn.
 */
export function thinkingProblem(request: MessagesRequest): string | null {
  for (const [index, message] of request.messages.entries()) {
    if (message.role !== 'assistant') continue;
    const blocks = blocksOf(message.content);
    for (const [position, block] of blocks.entries()) {
      if (block.type === 'thinking' && (typeof block.thinking !== 'string' || !sameSignature(sign('thinking', block.thinking, position), block.signature))) {
        return `messages.${index}.content.${position}: Invalid \`signature\` in \`thinking\` block`;
      }
      if (block.type === 'redacted_thinking') {
        const [hidden, signature] = typeof block.data === 'string' ? block.data.split('.') : [];
        if (!hidden || !sameSignature(sign('redacted', hidden, position), signature)) return `messages.${index}.content.${position}: Invalid \`data\` in \`redacted_thinking\` block`;
      }
    }
    const usedTools = blocks.some((block) => block.type === 'tool_use');
    const first = blocks[0]?.type;
    if (thinkingIsOn(request) && usedTools && first !== 'thinking' && first !== 'redacted_thinking') {
      return `messages.${index}.content.0.type: Expected \`thinking\` or \`redacted_thinking\`, but found \`${first}\`. When \`thinking\` is enabled, a final \`assistant\` message must start with a thinking block. We recommend you include thinking blocks from previous turns.`;
    }
  }
  return null;
}

/** Whether the `anthropic-beta` header turns interleaved thinking on (the budget may then exceed max_tokens). */
export function interleavedThinkingIsOn(betaHeader: string | string[] | undefined): boolean {
  const values = (Array.isArray(betaHeader) ? betaHeader : [betaHeader ?? '']).flatMap((v) => v.split(',')).map((v) => v.trim());
  return values.some((value) => value.startsWith('interleaved-thinking-'));
}

/** Anthropic's checks on the thinking settings themselves; `interleaved`: the interleaved-thinking beta is on. */
export function thinkingSettingsProblem(request: MessagesRequest, interleaved = false): string | null {
  const thinking = request.thinking;
  if (!thinking || thinking.type === 'disabled') return null;
  if (thinking.type === 'enabled') {
    if (thinking.budget_tokens === undefined || thinking.budget_tokens < 1024) return 'thinking.enabled.budget_tokens: Input should be greater than or equal to 1024';
    if (!interleaved && thinking.budget_tokens >= request.max_tokens) return '`max_tokens` must be greater than `thinking.budget_tokens`.';
  }
  if (request.temperature !== undefined && request.temperature !== 1) return '`temperature` may only be set to 1 when thinking is enabled.';
  if (request.top_k !== undefined) return '`top_k` cannot be set when thinking is enabled.';
  if (request.tool_choice && (request.tool_choice.type === 'any' || request.tool_choice.type === 'tool')) return 'Thinking may not be enabled when tool_choice forces tool use.';
  return null;
}
