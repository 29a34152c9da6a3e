import type { OpenAiChatChunk, OpenAiChatCompletion } from '@sluice/contracts';

/**
 * The id an OpenAI-format client sees: OpenAI's `chatcmpl-…` ids as they are; any other upstream's
 * (Anthropic's `msg_…`, Gemini's response id) behind `chatcmpl-`, so it stays recognisable and the
 * same for every chunk of a stream.
 */
export function openAiCompletionId(id: string): string {
  return id.startsWith('chatcmpl-') ? id : `chatcmpl-${id}`;
}

/**
 * A canonical completion as OpenAI's API shapes it, whichever provider answered: the id above, and
 * `refusal: null` and `logprobs: null` spelled out where an upstream other than OpenAI left them
 * out (typed clients and strict validators expect the keys). Returns a copy.
 */
export function asOpenAiChatCompletion(completion: OpenAiChatCompletion): OpenAiChatCompletion {
  return {
    ...completion,
    id: openAiCompletionId(completion.id),
    choices: completion.choices.map((choice) => ({
      ...choice,
      message: choice.message.block_order ? withoutBlockOrder(choice.message) : { ...choice.message, refusal: choice.message.refusal ?? null },
      logprobs: choice.logprobs ?? null,
    })),
  };
}

/** Claude's block order is for Anthropic clients; an OpenAI-format client reads the separate fields. */
function withoutBlockOrder(message: OpenAiChatCompletion['choices'][number]['message']): OpenAiChatCompletion['choices'][number]['message'] {
  const { block_order: _order, ...rest } = message;
  return { ...rest, refusal: rest.refusal ?? null };
}

/** Whether a chunk already has OpenAI's shape (an OpenAI upstream's do): then it is passed on without a copy. */
function hasOpenAiChunkShape(chunk: OpenAiChatChunk): boolean {
  return chunk.id.startsWith('chatcmpl-') && chunk.choices.every((choice) => choice.logprobs !== undefined && (!choice.delta.role || choice.delta.refusal !== undefined));
}

/**
 * A canonical chunk as OpenAI's API shapes it (see {@link asOpenAiChatCompletion}; `refusal: null` in
 * the role delta): the chunk itself when it has that shape already, else a copy. Runs per streamed chunk.
 */
export function asOpenAiChatChunk(chunk: OpenAiChatChunk): OpenAiChatChunk {
  if (hasOpenAiChunkShape(chunk)) return chunk;
  return {
    ...chunk,
    id: openAiCompletionId(chunk.id),
    choices: chunk.choices.map((choice) => ({
      ...choice,
      delta: choice.delta.role ? { ...choice.delta, refusal: choice.delta.refusal ?? null } : choice.delta,
      logprobs: choice.logprobs ?? null,
    })),
  };
}
