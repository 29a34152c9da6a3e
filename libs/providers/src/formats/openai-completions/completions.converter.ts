import type { CompletionsRequest, OpenAiChatChunk, OpenAiChatCompletion, OpenAiChatRequest, TextCompletion, TextCompletionChoice } from '@sluice/contracts';
import { TranslationError } from '../../core/errors';

function finishOf(reason: string | null | undefined): TextCompletionChoice['finish_reason'] {
  if (reason === 'length' || reason === 'content_filter') return reason;
  return reason ? 'stop' : null;
}

/** A legacy `/v1/completions` request → the canonical chat request (the prompt becomes one user message). */
export function completionsToCanonicalRequest(request: CompletionsRequest): OpenAiChatRequest {
  const prompts = typeof request.prompt === 'string' ? [request.prompt] : request.prompt;
  if (prompts.length !== 1) throw new TranslationError('Sluice serves /v1/completions with one prompt per request.', 'unsupported_parameter', 'prompt');
  for (const field of ['echo', 'suffix', 'logprobs', 'best_of'] as const) {
    if (request[field] != null && request[field] !== false) {
      throw new TranslationError(`Sluice cannot translate '${field}' from the legacy completions API to chat models.`, 'unsupported_parameter', field);
    }
  }
  const out: OpenAiChatRequest = { model: request.model, messages: [{ role: 'user', content: prompts[0] }] };
  if (request.max_tokens != null) out.max_tokens = request.max_tokens;
  for (const field of ['temperature', 'top_p', 'n', 'stop', 'seed', 'presence_penalty', 'frequency_penalty'] as const) {
    if (request[field] != null) Object.assign(out, { [field]: request[field] });
  }
  if (request.user) out.user = request.user;
  if (request.stream) {
    out.stream = true;
    out.stream_options = { include_usage: true };
  }
  return out;
}

/** OpenAI's completion ids start with `cmpl-`: a chat id's prefix is swapped, another upstream's id (Claude's `msg_…`) is put behind it. */
function textCompletionId(id: string): string {
  return id.startsWith('chatcmpl-') ? `cmpl-${id.slice('chatcmpl-'.length)}` : id.startsWith('cmpl-') ? id : `cmpl-${id}`;
}

/** A canonical chat completion → a `text_completion`. */
export function canonicalToTextCompletion(response: OpenAiChatCompletion): TextCompletion {
  return {
    id: textCompletionId(response.id),
    object: 'text_completion',
    created: response.created,
    model: response.model,
    choices: response.choices.map((c) => ({ index: c.index, text: c.message.content ?? '', logprobs: null, finish_reason: finishOf(c.finish_reason) })),
    usage: response.usage ?? null,
  };
}

/** A canonical stream chunk → a streamed `text_completion` chunk. */
export function canonicalChunkToTextCompletion(chunk: OpenAiChatChunk): TextCompletion {
  return {
    id: textCompletionId(chunk.id),
    object: 'text_completion',
    created: chunk.created,
    model: chunk.model,
    choices: chunk.choices.map((c) => ({ index: c.index, text: c.delta.content ?? '', logprobs: null, finish_reason: finishOf(c.finish_reason) })),
    ...(chunk.usage !== undefined ? { usage: chunk.usage } : {}),
  };
}
