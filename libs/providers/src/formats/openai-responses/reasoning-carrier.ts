import { thinkingBlockSchema, type ThinkingBlock } from '@sluice/contracts';

/**
 * Claude's thinking blocks ride in a reasoning item's `encrypted_content` (the field OpenAI's
 * stateless clients already send back): the whole block, signature or redacted data included,
 * base64url JSON behind this prefix. Not encrypted: the text is the item's summary anyway, and
 * Anthropic's signature is what protects it from being altered.
 */
const CARRIER_PREFIX = 'sluice.thinking.v1.';

export function thinkingCarrierOf(block: ThinkingBlock): string {
  return CARRIER_PREFIX + Buffer.from(JSON.stringify(block), 'utf8').toString('base64url');
}

/** The thinking block in an `encrypted_content`, or null for anything else (e.g. OpenAI's own encrypted reasoning). */
export function thinkingBlockFromCarrier(encrypted: string | null | undefined): ThinkingBlock | null {
  if (!encrypted?.startsWith(CARRIER_PREFIX)) return null;
  try {
    const parsed = thinkingBlockSchema.safeParse(JSON.parse(Buffer.from(encrypted.slice(CARRIER_PREFIX.length), 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
