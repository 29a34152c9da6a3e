/** Token counts of one reply, as the gateway reports them in the stream's usage chunk. */
export interface ReplyUsage {
  promptTokens: number;
  completionTokens: number;
  cachedTokens: number;
  /** Prompt tokens written to the provider's prompt cache (Anthropic), billed at the cache-write price. */
  cacheWriteTokens: number;
  /** The part of cacheWriteTokens written for 1 hour (Anthropic's `ttl: "1h"`), billed at the 1-hour cache-write price. */
  cacheWrite1hTokens: number;
}

export type ChatStreamEvent = { type: 'delta'; text: string } | { type: 'usage'; usage: ReplyUsage } | { type: 'error'; message: string };

interface ChunkShape {
  choices?: Array<{ delta?: { content?: unknown } }>;
  usage?: { prompt_tokens?: unknown; completion_tokens?: unknown; prompt_tokens_details?: { cached_tokens?: unknown; cache_creation_tokens?: unknown; cache_creation_1h_tokens?: unknown } | null } | null;
  error?: { message?: unknown };
}

const count = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : 0);

/** The events in one OpenAI-style `chat.completion.chunk` (text deltas, the usage chunk, or an error sent mid-stream). */
export function eventsOfChunk(data: string): ChatStreamEvent[] {
  let chunk: ChunkShape;
  try {
    chunk = JSON.parse(data) as ChunkShape;
  } catch {
    return [{ type: 'error', message: 'The gateway sent a part of the reply that is not valid JSON.' }];
  }
  if (chunk.error) return [{ type: 'error', message: typeof chunk.error.message === 'string' ? chunk.error.message : 'The gateway reported an error while streaming.' }];
  const events: ChatStreamEvent[] = [];
  for (const choice of chunk.choices ?? []) {
    const text = choice.delta?.content;
    if (typeof text === 'string' && text.length > 0) events.push({ type: 'delta', text });
  }
  if (chunk.usage) {
    events.push({
      type: 'usage',
      usage: {
        promptTokens: count(chunk.usage.prompt_tokens),
        completionTokens: count(chunk.usage.completion_tokens),
        cachedTokens: count(chunk.usage.prompt_tokens_details?.cached_tokens),
        cacheWriteTokens: count(chunk.usage.prompt_tokens_details?.cache_creation_tokens),
        cacheWrite1hTokens: count(chunk.usage.prompt_tokens_details?.cache_creation_1h_tokens),
      },
    });
  }
  return events;
}

/**
 * Reads a server-sent-events body (`data: …` lines, events separated by a blank line, `[DONE]` at
 * the end) into chat events as they arrive.
 */
export async function* readChatStream(body: ReadableStream<Uint8Array>): AsyncGenerator<ChatStreamEvent> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      buffer += done ? decoder.decode() : decoder.decode(value, { stream: true });
      const parts = buffer.split(/\r?\n\r?\n/);
      buffer = done ? '' : (parts.pop() ?? '');
      for (const part of parts) {
        const data = part
          .split(/\r?\n/)
          .filter((line) => line.startsWith('data:'))
          .map((line) => line.slice(5).trimStart())
          .join('\n');
        if (!data) continue;
        if (data === '[DONE]') return;
        yield* eventsOfChunk(data);
      }
      if (done) return;
    }
  } finally {
    reader.releaseLock();
  }
}
