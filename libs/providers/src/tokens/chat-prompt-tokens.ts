import type { OpenAiChatRequest } from '@sluice/contracts';
import { tokens } from './tokenizer';

const PER_MESSAGE_OVERHEAD = 3;
const IMAGE_TOKENS = 765;

function contentTokens(content: unknown): number {
  if (typeof content === 'string') return tokens(content);
  if (!Array.isArray(content)) return 0;
  let sum = 0;
  for (const part of content as Array<{ type?: string; text?: string }>) {
    if (part.type === 'text' && typeof part.text === 'string') sum += tokens(part.text);
    else if (part.type === 'image_url' || part.type === 'input_image') sum += IMAGE_TOKENS;
    else sum += tokens(JSON.stringify(part));
  }
  return sum;
}

/**
 * Prompt tokens of a canonical chat request as OpenAI counts them (o200k_base; a fixed per-message
 * overhead; a typical high-detail image cost). Used to reserve TPM and budget before the call; the
 * real usage settles it afterwards.
 */
export function estimateChatPromptTokens(request: OpenAiChatRequest): number {
  let sum = 3;
  for (const message of request.messages) {
    sum += PER_MESSAGE_OVERHEAD + contentTokens((message as { content?: unknown }).content);
    const calls = (message as { tool_calls?: unknown[] }).tool_calls;
    if (calls) sum += tokens(JSON.stringify(calls));
  }
  if (request.tools) sum += tokens(JSON.stringify(request.tools));
  return sum;
}
