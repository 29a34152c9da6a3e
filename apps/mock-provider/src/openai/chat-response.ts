import { randomUUID } from 'node:crypto';
import { sseEvent, type SseEvent } from '../http/sse';
import { splitIntoChunks } from '../text/reply';
import { logprobsFor, type ChatChoice, type ChatCompletionPlan } from './chat-completion';
import type { MockChatRequest } from './chat-request';

const SYSTEM_FINGERPRINT = 'fp_mock';

interface Envelope {
  id: string;
  created: number;
  model: string;
}

export function chatEnvelope(model: string): Envelope {
  return { id: `chatcmpl-${randomUUID().replace(/-/g, '')}`, created: Math.floor(Date.now() / 1000), model };
}

export function chatUsage(plan: ChatCompletionPlan) {
  return {
    prompt_tokens: plan.promptTokens,
    completion_tokens: plan.completionTokens,
    total_tokens: plan.promptTokens + plan.completionTokens,
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
  };
}

function wantsLogprobs(request: MockChatRequest): boolean {
  return request.logprobs === true;
}

/** A `chat.completion` object. */
export function chatCompletionBody(envelope: Envelope, request: MockChatRequest, plan: ChatCompletionPlan) {
  return {
    ...envelope,
    object: 'chat.completion',
    choices: plan.choices.map((choice) => ({
      index: choice.index,
      message: {
        role: 'assistant',
        content: choice.content,
        refusal: null,
        annotations: [],
        ...(choice.toolCalls.length > 0 && {
          tool_calls: choice.toolCalls.map((call) => ({ id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments } })),
        }),
      },
      logprobs: wantsLogprobs(request) && choice.content !== null
        ? { content: logprobsFor(splitIntoChunks(choice.content), request.top_logprobs ?? 0), refusal: null }
        : null,
      finish_reason: choice.finishReason,
    })),
    usage: chatUsage(plan),
    service_tier: 'default',
    system_fingerprint: SYSTEM_FINGERPRINT,
  };
}

/** The `chat.completion.chunk` events of a stream, ending with the usage chunk (when asked) and `[DONE]`. */
export function* chatCompletionChunks(envelope: Envelope, request: MockChatRequest, plan: ChatCompletionPlan): Generator<SseEvent> {
  const includeUsage = request.stream_options?.include_usage === true;
  const chunk = (choices: unknown[], extra: Record<string, unknown> = {}) =>
    sseEvent({
      ...envelope,
      object: 'chat.completion.chunk',
      service_tier: 'default',
      system_fingerprint: SYSTEM_FINGERPRINT,
      choices,
      ...(includeUsage && { usage: null }),
      ...extra,
    });
  for (const choice of plan.choices) {
    yield* choiceChunks(choice, request, chunk);
  }
  if (includeUsage) yield chunk([], { usage: chatUsage(plan) });
  yield sseEvent('[DONE]');
}

function* choiceChunks(choice: ChatChoice, request: MockChatRequest, chunk: (choices: unknown[]) => SseEvent): Generator<SseEvent> {
  const delta = (value: Record<string, unknown>, logprobs: unknown = null, finish: string | null = null) =>
    chunk([{ index: choice.index, delta: value, logprobs, finish_reason: finish }]);
  if (choice.toolCalls.length > 0) {
    yield delta({ role: 'assistant', content: null, refusal: null });
    for (const [index, call] of choice.toolCalls.entries()) {
      yield delta({ tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } }] });
      for (const piece of splitIntoChunks(call.arguments)) {
        yield delta({ tool_calls: [{ index, function: { arguments: piece } }] });
      }
    }
  } else {
    yield delta({ role: 'assistant', content: '', refusal: null });
    const pieces = splitIntoChunks(choice.content ?? '');
    const logprobs = wantsLogprobs(request) ? logprobsFor(pieces, request.top_logprobs ?? 0) : undefined;
    for (const [i, piece] of pieces.entries()) {
      yield delta({ content: piece }, logprobs ? { content: [logprobs[i]], refusal: null } : null);
    }
  }
  yield delta({}, null, choice.finishReason);
}
