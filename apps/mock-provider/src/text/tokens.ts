/** Characters per token in the mock's deliberately simple, deterministic tokenizer. */
export const CHARS_PER_TOKEN = 4;

/** Tokens an image part costs, whatever its size (OpenAI's "low detail" price). */
export const IMAGE_TOKENS = 85;

/** Per-message overhead, like the role/separator tokens chat formats add. */
export const MESSAGE_OVERHEAD_TOKENS = 3;

/** ~4 characters per token, rounded up; the same figure for streamed and non-streamed usage. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / CHARS_PER_TOKEN);
}

/** Input-side count for a conversation reduced to its texts and image count. */
export function estimatePromptTokens(input: { texts: string[]; images: number; messages: number }): number {
  const textTokens = input.texts.reduce((sum, text) => sum + estimateTokens(text), 0);
  return textTokens + input.images * IMAGE_TOKENS + input.messages * MESSAGE_OVERHEAD_TOKENS;
}
