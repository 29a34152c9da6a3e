import type { AnthropicContentBlock, AnthropicCountTokensRequest } from '@sluice/contracts';
import { documentTokens } from '../../tokens/document-tokens';
import { tokens } from '../../tokens/tokenizer';
/** Anthropic bills an image at about (width × height) / 750 tokens, capped near 1,600; sizes are unknown here, so the cap is used. */
export const IMAGE_TOKEN_ESTIMATE = 1600;
const PER_MESSAGE_OVERHEAD = 3;
const PER_TOOL_OVERHEAD = 8;


function blockTokens(block: AnthropicContentBlock): number {
  switch (block.type) {
    case 'text':
      return tokens(block.text);
    case 'image':
      return IMAGE_TOKEN_ESTIMATE;
    case 'tool_use':
      return tokens(block.name) + tokens(JSON.stringify(block.input));
    case 'tool_result':
      if (typeof block.content === 'string') return tokens(block.content);
      return (block.content ?? []).reduce((sum, b) => sum + blockTokens(b), 0);
    case 'thinking':
      return tokens(block.thinking);
    case 'document':
      return documentTokens(block, tokens);
    default:
      return tokens(JSON.stringify(block));
  }
}

/**
 * An estimate for `/v1/messages/count_tokens`: Claude's tokenizer is not public, so text is
 * counted with OpenAI's o200k_base BPE (gpt-tokenizer, ranks bundled, works offline).
 */
export function countAnthropicTokens(request: AnthropicCountTokensRequest): number {
  let total = 0;
  if (typeof request.system === 'string') total += tokens(request.system);
  else for (const block of request.system ?? []) total += tokens(block.text);
  for (const message of request.messages) {
    total += PER_MESSAGE_OVERHEAD;
    total += typeof message.content === 'string' ? tokens(message.content) : message.content.reduce((sum, b) => sum + blockTokens(b), 0);
  }
  for (const tool of request.tools ?? []) {
    total += PER_TOOL_OVERHEAD + tokens(tool.name) + tokens(tool.description ?? '') + tokens(JSON.stringify(tool.input_schema));
  }
  return total;
}
