import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { runProviderCall } from '../http/provider-call';
import { sseEvent, writeSse, type SseEvent } from '../http/sse';
import type { MockState } from '../mock-state';
import { generateReply, splitIntoChunks, type GeneratedReply } from '../text/reply';
import { estimateTokens } from '../text/tokens';
import { stopList, stopSchema } from './chat-request';
import { parseOpenAiBody } from './openai-body';
import { openAiDialect } from './openai-errors';

const completionsRequestSchema = z
  .object({
    model: z.string().min(1).max(200),
    prompt: z.union([z.string(), z.array(z.string()).min(1)]),
    max_tokens: z.number().int().min(0).nullable().optional(),
    n: z.number().int().min(1).max(128).nullable().optional(),
    stop: stopSchema,
    stream: z.boolean().nullable().optional(),
    stream_options: z.object({ include_usage: z.boolean().optional() }).loose().nullable().optional(),
    echo: z.boolean().nullable().optional(),
  })
  .loose();
type CompletionsRequest = z.output<typeof completionsRequestSchema>;

interface CompletionChoice {
  index: number;
  text: string;
  finish_reason: 'stop' | 'length';
}

function planChoices(body: CompletionsRequest, outputTokens: number | undefined): CompletionChoice[] {
  const prompts = typeof body.prompt === 'string' ? [body.prompt] : body.prompt;
  const n = body.n ?? 1;
  return prompts.flatMap((prompt, p) =>
    Array.from({ length: n }, (_, variant) => {
      const reply: GeneratedReply = generateReply(prompt, { outputTokens, maxTokens: body.max_tokens ?? 16, stop: stopList(body.stop), variant });
      const text = body.echo ? prompt + reply.text : reply.text;
      return { index: p * n + variant, text, finish_reason: reply.finish === 'length' ? 'length' : 'stop' } as CompletionChoice;
    }),
  );
}

function usageOf(body: CompletionsRequest, choices: CompletionChoice[]) {
  const prompts = typeof body.prompt === 'string' ? [body.prompt] : body.prompt;
  const prompt_tokens = prompts.reduce((sum, prompt) => sum + estimateTokens(prompt), 0);
  const completion_tokens = choices.reduce((sum, choice) => sum + estimateTokens(choice.text), 0);
  return { prompt_tokens, completion_tokens, total_tokens: prompt_tokens + completion_tokens };
}

function* completionChunks(envelope: Record<string, unknown>, body: CompletionsRequest, choices: CompletionChoice[]): Generator<SseEvent> {
  const includeUsage = body.stream_options?.include_usage === true;
  const chunk = (choiceList: unknown[], extra: Record<string, unknown> = {}) =>
    sseEvent({ ...envelope, choices: choiceList, ...(includeUsage && { usage: null }), ...extra });
  for (const choice of choices) {
    for (const piece of splitIntoChunks(choice.text)) yield chunk([{ index: choice.index, text: piece, logprobs: null, finish_reason: null }]);
    yield chunk([{ index: choice.index, text: '', logprobs: null, finish_reason: choice.finish_reason }]);
  }
  if (includeUsage) yield chunk([], { usage: usageOf(body, choices) });
  yield sseEvent('[DONE]');
}

/** `POST /v1/completions` (legacy text completions), JSON or SSE. max_tokens defaults to 16 as upstream. */
export function registerCompletions(app: FastifyInstance, state: MockState): void {
  app.post('/v1/completions', async (request, reply) => {
    const body = parseOpenAiBody(completionsRequestSchema, request.body, reply);
    if (!body) return reply;
    const stream = body.stream === true;
    return runProviderCall(state, request, reply, openAiDialect, { model: body.model, stream }, async ({ plan, signal }) => {
      const choices = planChoices(body, plan.outputTokens);
      const envelope = {
        id: `cmpl-${randomUUID().replace(/-/g, '')}`,
        object: 'text_completion',
        created: Math.floor(Date.now() / 1000),
        model: body.model,
        system_fingerprint: 'fp_mock',
      };
      if (stream) return writeSse(reply, completionChunks(envelope, body, choices), plan, signal);
      return reply.send({ ...envelope, choices: choices.map((c) => ({ ...c, logprobs: null })), usage: usageOf(body, choices) });
    });
  });
}
