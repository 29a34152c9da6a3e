import type { OpenAiChatMessage, OpenAiChatRequest } from '@sluice/contracts';
import { canonicalJson, sha256Hex } from '../canonical/canonical-json';

/** How many turns before the last user turn are rendered, and how much of each. */
export const PRIOR_TURNS = 6;
export const PRIOR_TURN_CHARS = 300;

/**
 * The text that is embedded for the semantic cache, or null when the request is not semantically
 * cacheable. Choice: the last user turn in full, preceded by a compact rendering of up to
 * PRIOR_TURNS earlier user/assistant turns (`role: text`, each cut to PRIOR_TURN_CHARS). The last
 * turn dominates the embedding (a paraphrased question still matches); the prior turns keep
 * "and what about Paris?" in two different conversations apart. System and developer messages are
 * not embedded: they are part of the hard scope (`scopeHashOf`), so they must match exactly.
 *
 * Not cacheable (null): the last message is not a user turn (e.g. a tool result), any turn carries
 * non-text parts (images, audio, files), or tool calls/results appear in the history — embeddings
 * cannot tell those apart reliably.
 */
export function semanticPromptOf(request: OpenAiChatRequest): string | null {
  const turns = request.messages.filter((message) => message.role !== 'system' && message.role !== 'developer');
  const last = turns.at(-1);
  if (!last || last.role !== 'user') return null;
  const rendered: string[] = [];
  for (const turn of turns) {
    const text = textOf(turn);
    if (text === null) return null;
    rendered.push(text);
  }
  const lastText = rendered.at(-1) ?? '';
  if (lastText.trim() === '') return null;
  const priorStart = Math.max(0, turns.length - 1 - PRIOR_TURNS);
  const prior = turns.slice(priorStart, -1).map((turn, i) => `${turn.role}: ${compact(rendered[priorStart + i])}`);
  return prior.length === 0 ? lastText : `${prior.join('\n')}\n---\n${lastText}`;
}

/** Plain text of a user/assistant turn; null for anything else or non-text content. */
function textOf(message: OpenAiChatMessage): string | null {
  if (message.role !== 'user' && message.role !== 'assistant') return null;
  if (message.role === 'assistant' && message.tool_calls && message.tool_calls.length > 0) return null;
  const content = message.content;
  if (content === undefined || content === null) return '';
  if (typeof content === 'string') return content;
  const texts: string[] = [];
  for (const part of content) {
    if (part.type !== 'text') return null;
    texts.push((part as { text: string }).text);
  }
  return texts.join('\n');
}

function compact(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length <= PRIOR_TURN_CHARS ? oneLine : `${oneLine.slice(0, PRIOR_TURN_CHARS)}…`;
}

/**
 * SHA-256 (hex) of everything besides the conversation that shapes the answer: system and
 * developer messages (in order), tools, tool_choice, parallel_tool_calls and response_format.
 * Entries are only ever compared within one scope hash, so two different system prompts or tool
 * sets never share an answer, however similar the user's words.
 */
export function scopeHashOf(request: OpenAiChatRequest): string {
  const system = request.messages
    .filter((message) => message.role === 'system' || message.role === 'developer')
    .map((message) => ({ role: message.role, content: message.content }));
  const responseFormat = request.response_format?.type === 'text' ? undefined : request.response_format;
  return sha256Hex(
    `scope-v1\n${canonicalJson({
      system,
      tools: request.tools && request.tools.length > 0 ? request.tools : undefined,
      tool_choice: request.tool_choice,
      parallel_tool_calls: request.parallel_tool_calls,
      response_format: responseFormat,
    })}`,
  );
}
