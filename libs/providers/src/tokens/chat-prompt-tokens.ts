import type { OpenAiChatRequest } from '@sluice/contracts';
import { documentTokens, filePartTokens, type DocumentLike } from './document-tokens';
import { createTokenEstimator } from './tokenizer';

const PER_MESSAGE_OVERHEAD = 3;
const IMAGE_TOKENS = 765;

function contentTokens(content: unknown, tokens: (text: string) => number): number {
  if (typeof content === 'string') return tokens(content);
  if (!Array.isArray(content)) return 0;
  let sum = 0;
  for (const part of content as Array<DocumentLike & { type?: string; text?: string; file?: { file_data?: unknown } }>) {
    if (part.type === 'text' && typeof part.text === 'string') sum += tokens(part.text);
    else if (part.type === 'image_url' || part.type === 'input_image') sum += IMAGE_TOKENS;
    else if (part.type === 'document') sum += documentTokens(part, tokens);
    else if (part.type === 'file' && part.file) sum += filePartTokens(part.file);
    else sum += tokens(JSON.stringify(part));
  }
  return sum;
}

/**
 * Prompt tokens of a canonical chat request as OpenAI counts them (o200k_base; a fixed per-message
 * overhead; a typical high-detail image cost). Used to reserve TPM and budget before the call; the
 * real usage settles it afterwards. The work per request is bounded (see createTokenEstimator).
 */
export function estimateChatPromptTokens(request: OpenAiChatRequest): number {
  const tokens = createTokenEstimator();
  let sum = 3;
  for (const message of request.messages) {
    sum += PER_MESSAGE_OVERHEAD + contentTokens((message as { content?: unknown }).content, tokens);
    const calls = (message as { tool_calls?: unknown[] }).tool_calls;
    if (calls) sum += tokens(JSON.stringify(calls));
  }
  if (request.tools) sum += tokens(JSON.stringify(request.tools));
  return sum;
}
