type Body = Record<string, unknown>;

/**
 * What OpenAI-wire upstreams are sent instead of an Anthropic client's `tool_result.is_error`
 * (OpenAI's tool message has no such field): the tool message's text starts with this.
 */
export const TOOL_ERROR_PREFIX = 'Error: ';

/**
 * Drops what an Anthropic client's request carries into the canonical request and OpenAI's own
 * API (and Azure's) refuses with a 400: `top_k` ("Unrecognized request argument") and
 * `cache_control` on content parts and tools (prompt caching is automatic there); a tool result's
 * `is_error` becomes {@link TOOL_ERROR_PREFIX}. Copies only what it changes, so a plain OpenAI
 * request goes through untouched.
 */
export function withoutAnthropicExtensions(body: Body): Body {
  let out = body;
  if ('top_k' in out) {
    const { top_k: _topK, ...rest } = out;
    out = rest;
  }
  const messages = mapChanged(out.messages, (message) => withToolErrorAsText(withoutCacheControlInContent(message)));
  if (messages !== out.messages) out = { ...out, messages };
  const tools = mapChanged(out.tools, withoutCacheControl);
  if (tools !== out.tools) out = { ...out, tools };
  return out;
}

/**
 * Only the `is_error` translation of {@link withoutAnthropicExtensions} (and a tool message's own
 * `cache_control` dropped), for OpenAI-compatible servers, which are passed `top_k` and content
 * parts' `cache_control` but may refuse unknown message fields.
 */
export function withToolErrorsAsText(body: Body): Body {
  const messages = mapChanged(body.messages, (message) => withToolErrorAsText(withoutToolResultCacheControl(message)));
  return messages === body.messages ? body : { ...body, messages };
}

function withToolErrorAsText(message: unknown): unknown {
  if (!isObject(message) || !('is_error' in message)) return message;
  const { is_error: isError, ...rest } = message;
  if (isError !== true) return rest;
  const content = rest.content;
  if (typeof content === 'string') return { ...rest, content: TOOL_ERROR_PREFIX + content };
  if (Array.isArray(content)) return { ...rest, content: withPrefixedFirstText(content) };
  return { ...rest, content: TOOL_ERROR_PREFIX };
}

/** A tool message's own `cache_control` (Sluice's field, from an Anthropic `tool_result`) and a tool call's are no OpenAI fields. */
function withoutToolResultCacheControl(message: unknown): unknown {
  if (!isObject(message)) return message;
  return message.role === 'tool' ? withoutCacheControl(message) : withoutToolCallMarkers(message);
}

function withPrefixedFirstText(parts: unknown[]): unknown[] {
  const [first, ...others] = parts;
  if (isObject(first) && typeof first.text === 'string') return [{ ...first, text: TOOL_ERROR_PREFIX + first.text }, ...others];
  return [{ type: 'text', text: TOOL_ERROR_PREFIX }, ...parts];
}

/** Drops `cache_control` from a message's content parts, its tool calls and the message itself (a tool result's). */
function withoutCacheControlInContent(message: unknown): unknown {
  if (!isObject(message)) return message;
  return withoutCacheControl(withoutToolCallMarkers(withChanged(message, 'content', mapChanged(message.content, withoutCacheControl))));
}

/** An assistant turn's tool calls without the `cache_control` an Anthropic client put on its tool_use blocks. */
function withoutToolCallMarkers(message: Body): Body {
  return withChanged(message, 'tool_calls', mapChanged(message.tool_calls, withoutCacheControl));
}

function withChanged(object: Body, field: string, value: unknown): Body {
  return value === object[field] ? object : { ...object, [field]: value };
}

function withoutCacheControl(item: unknown): unknown {
  if (!isObject(item) || !('cache_control' in item)) return item;
  const { cache_control: _cacheControl, ...rest } = item;
  return rest;
}

/** `list` itself when `fn` changes none of its items, else a copy with the changed items. */
function mapChanged(list: unknown, fn: (item: unknown) => unknown): unknown {
  if (!Array.isArray(list)) return list;
  let copy: unknown[] | null = null;
  list.forEach((item, index) => {
    const next = fn(item);
    if (next !== item) (copy ??= [...list])[index] = next;
  });
  return copy ?? list;
}

function isObject(value: unknown): value is Body {
  return typeof value === 'object' && value !== null;
}
