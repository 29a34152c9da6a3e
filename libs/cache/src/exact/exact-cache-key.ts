import type { OpenAiChatMessage, OpenAiChatRequest } from '@sluice/contracts';
import { canonicalJson, sha256Hex } from '../canonical/canonical-json';

/** Bumped whenever the normalisation changes, so old entries are simply never found again. */
const KEY_VERSION = 'v1';

/**
 * Fields that never change the generated output. Everything else — including fields this
 * version of the gateway does not know yet (e.g. `reasoning_effort`, `modalities`) — is part of
 * the key: an unknown field costs a cache miss, never a wrong answer.
 */
const IGNORED_FIELDS = new Set([
  'stream',
  'stream_options',
  'user',
  'metadata',
  'store',
  'service_tier',
  'safety_identifier',
  'prompt_cache_key',
  'request_id',
]);

export interface CacheScope {
  /** Redis key namespace (the gateway's QUEUE_PREFIX). */
  prefix: string;
  orgId: string;
  /** null: an org-level key without a team. */
  teamId: string | null;
}

/** The part of a request that determines its completion, normalised. Exposed for tests and diagnostics. */
export function normalisedCacheRequest(request: OpenAiChatRequest): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(request)) {
    if (IGNORED_FIELDS.has(field) || value === undefined || value === null) continue;
    out[field] = value;
  }
  out.messages = request.messages.map(normaliseMessage);
  // Two spellings of the same limit.
  delete out.max_completion_tokens;
  const maxTokens = request.max_completion_tokens ?? request.max_tokens;
  if (maxTokens !== undefined && maxTokens !== null) out.max_tokens = maxTokens;
  else delete out.max_tokens;
  // Documented defaults, spelled out or not, are the same request.
  if (request.n === 1) delete out.n;
  if (request.logprobs === false) delete out.logprobs;
  if (typeof request.stop === 'string') out.stop = [request.stop];
  if (Array.isArray(request.stop) && request.stop.length === 0) delete out.stop;
  if (Array.isArray(request.tools) && request.tools.length === 0) delete out.tools;
  if (request.response_format?.type === 'text') delete out.response_format;
  return out;
}

/** A content array of one text part is the same prompt as the plain string. */
function normaliseMessage(message: OpenAiChatMessage): unknown {
  const content = (message as { content?: unknown }).content;
  if (Array.isArray(content) && content.length === 1) {
    const [part] = content as Array<{ type?: unknown; text?: unknown }>;
    if (part.type === 'text' && typeof part.text === 'string' && Object.keys(part).length === 2) {
      return { ...message, content: part.text };
    }
  }
  return message;
}

/** SHA-256 (hex) of the canonical JSON of the normalised request. */
export function exactCacheHash(request: OpenAiChatRequest): string {
  return sha256Hex(`${KEY_VERSION}\n${canonicalJson(normalisedCacheRequest(request))}`);
}

/**
 * `<prefix>:{<orgId>}:cache:<teamId|->:<sha256>` — the `{orgId}` hash tag is the one the rate-limit
 * and budget keys carry, so the gateway's admission script can GET this key in the same EVALSHA.
 */
export function exactCacheKey(scope: CacheScope, request: OpenAiChatRequest): string {
  return `${scope.prefix}:{${scope.orgId}}:cache:${scope.teamId ?? '-'}:${exactCacheHash(request)}`;
}

/** The pattern of every exact-cache key of a scope (for SCAN-based purges). */
export function exactCacheKeyPattern(scope: Omit<CacheScope, 'teamId'> & { teamId?: string | null }): string {
  const team = scope.teamId === undefined ? '*' : (scope.teamId ?? '-');
  return `${scope.prefix}:{${scope.orgId}}:cache:${team}:*`;
}
