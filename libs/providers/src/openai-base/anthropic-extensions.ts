type Body = Record<string, unknown>;

/**
 * Drops what an Anthropic client's request carries into the canonical request and OpenAI's own
 * API (and Azure's) refuses with a 400: `top_k` ("Unrecognized request argument") and
 * `cache_control` on content parts and tools (prompt caching is automatic there). Copies only what
 * it changes, so a plain OpenAI request goes through untouched.
 */
export function withoutAnthropicExtensions(body: Body): Body {
  let out = body;
  if ('top_k' in out) {
    const { top_k: _topK, ...rest } = out;
    out = rest;
  }
  const messages = mapChanged(out.messages, withoutCacheControlInContent);
  if (messages !== out.messages) out = { ...out, messages };
  const tools = mapChanged(out.tools, withoutCacheControl);
  if (tools !== out.tools) out = { ...out, tools };
  return out;
}

function withoutCacheControlInContent(message: unknown): unknown {
  if (!isObject(message)) return message;
  const content = mapChanged(message.content, withoutCacheControl);
  return content === message.content ? message : { ...message, content };
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
