import type { OpenAiChatRequest, SnapshotProvider } from '@sluice/contracts';

/**
 * `anthropic-beta` values passed on to Claude upstreams unless the provider says otherwise
 * (option `forwardBetas`): betas that change nothing Sluice translates — the request and answer
 * keep the shapes it reads. A name matches its dated versions (`interleaved-thinking` matches
 * `interleaved-thinking-2025-05-14`). Betas for tools or sources Sluice cannot carry (computer use,
 * MCP, the Files API …) are not forwarded.
 */
export const DEFAULT_FORWARDED_BETAS: readonly string[] = [
  'interleaved-thinking',
  'context-1m',
  'extended-cache-ttl',
  'prompt-caching',
  'token-efficient-tools',
  'fine-grained-tool-streaming',
  'output-128k',
  'pdfs',
];

/**
 * The defaults for Claude on Bedrock, which takes fewer betas (in `anthropic_beta`) and refuses
 * unknown ones; prompt caching and PDFs need no beta there (Converse has them built in).
 */
export const BEDROCK_FORWARDED_BETAS: readonly string[] = ['interleaved-thinking', 'context-1m', 'token-efficient-tools', 'output-128k'];

const INTERLEAVED_THINKING = 'interleaved-thinking';

function matches(beta: string, allowed: string): boolean {
  return beta === allowed || beta.startsWith(`${allowed}-`);
}

/** A comma-separated header value (or several headers) as the list of betas, trimmed, without duplicates. */
export function parseAnthropicBetas(value: string | readonly string[] | undefined): string[] {
  if (value === undefined) return []; // most requests: no Set and no intermediate arrays on the gateway's hot path
  const raw = typeof value === 'string' ? [value] : value;
  return [...new Set(raw.flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean))];
}

/**
 * The client's betas a provider forwards: option `forwardBetas` = `*` (all), `none`, or a comma list
 * of names replacing `defaults` ({@link DEFAULT_FORWARDED_BETAS}, or {@link BEDROCK_FORWARDED_BETAS});
 * the provider's own `anthropicBeta` is always sent.
 */
export function forwardedAnthropicBetas(
  request: Pick<OpenAiChatRequest, 'anthropic_beta'>,
  provider: Pick<SnapshotProvider, 'options'>,
  defaults: readonly string[] = DEFAULT_FORWARDED_BETAS,
): string[] {
  const setting = provider.options.forwardBetas?.trim();
  const allowed = setting === undefined || setting === '' ? defaults : parseAnthropicBetas(setting);
  const fromClient = (request.anthropic_beta ?? []).filter((beta) => setting === '*' || (setting !== 'none' && allowed.some((a) => matches(beta, a))));
  return parseAnthropicBetas([...parseAnthropicBetas(provider.options.anthropicBeta), ...fromClient]);
}

/** Whether interleaved thinking is on: the budget then covers the whole turn and may exceed max_tokens. */
export function hasInterleavedThinking(betas: readonly string[] | undefined): boolean {
  return (betas ?? []).some((beta) => matches(beta, INTERLEAVED_THINKING));
}
