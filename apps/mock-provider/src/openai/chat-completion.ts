import { sampleFromSchema } from '../text/json-from-schema';
import { applyLimits, generateReply, type FinishKind } from '../text/reply';
import { estimatePromptTokens, estimateTokens } from '../text/tokens';
import { planToolCalls, type PlannedToolCall, type ToolMode } from '../text/tool-calls';
import { summariseChat } from './chat-prompt';
import { stopList, type MockChatRequest } from './chat-request';

export type ChatFinishReason = 'stop' | 'length' | 'tool_calls';

export interface ChatChoice {
  index: number;
  content: string | null;
  toolCalls: PlannedToolCall[];
  finishReason: ChatFinishReason;
}

export interface ChatCompletionPlan {
  choices: ChatChoice[];
  promptTokens: number;
  completionTokens: number;
}

/** Decides what the mock answers to a chat request: text, JSON or tool calls, for each of the n choices. */
export function planChatCompletion(request: MockChatRequest, outputTokens: number | undefined): ChatCompletionPlan {
  const summary = summariseChat(request);
  const maxTokens = request.max_completion_tokens ?? request.max_tokens ?? undefined;
  const stop = stopList(request.stop);
  const toolCalls = summary.endsWithToolResult
    ? []
    : planToolCalls(
        (request.tools ?? []).flatMap((tool) => (tool.type === 'function' && tool.function ? [tool.function] : [])),
        toolMode(request.tool_choice),
        request.parallel_tool_calls === true,
        summary.replyPrompt,
        'call_',
      );
  const choices = Array.from({ length: request.n ?? 1 }, (_, index): ChatChoice => {
    if (toolCalls.length > 0) return { index, content: null, toolCalls, finishReason: 'tool_calls' };
    const reply = replyContent(request, summary.replyPrompt, { outputTokens, maxTokens, stop, variant: index });
    return { index, content: reply.text, toolCalls: [], finishReason: reply.finish === 'length' ? 'length' : 'stop' };
  });
  const completionTokens = choices.reduce(
    (sum, choice) => sum + estimateTokens(choice.content ?? '') + choice.toolCalls.reduce((s, call) => s + estimateTokens(call.name + call.arguments), 0),
    0,
  );
  return { choices, promptTokens: estimatePromptTokens(summary), completionTokens };
}

function replyContent(
  request: MockChatRequest,
  prompt: string,
  options: { outputTokens?: number; maxTokens?: number; stop: string[]; variant: number },
): { text: string; finish: FinishKind } {
  const format = request.response_format;
  if (format?.type === 'json_object') {
    return applyLimits(JSON.stringify({ reply: generateReply(prompt, { variant: options.variant }).text }), options);
  }
  if (format?.type === 'json_schema') {
    return applyLimits(JSON.stringify(sampleFromSchema(format.json_schema.schema ?? {}, format.json_schema.name)), options);
  }
  return generateReply(prompt, options);
}

function toolMode(choice: MockChatRequest['tool_choice']): ToolMode {
  if (choice === undefined || choice === 'auto') return { kind: 'auto' };
  if (choice === 'none') return { kind: 'none' };
  if (choice === 'required') return { kind: 'required' };
  return { kind: 'named', name: choice.function.name };
}

export interface TokenLogprob {
  token: string;
  logprob: number;
  bytes: number[];
  top_logprobs: Array<{ token: string; logprob: number; bytes: number[] }>;
}

/** Deterministic log-probabilities for the stream pieces of a text (the mock's "tokens"). */
export function logprobsFor(pieces: string[], topLogprobs: number): TokenLogprob[] {
  return pieces.map((token, i) => {
    const logprob = -((i % 7) + 1) / 100;
    const alternatives = Array.from({ length: topLogprobs }, (_, k) => {
      const alt = k === 0 ? token : `${token}~${k}`;
      return { token: alt, logprob: logprob - k, bytes: [...Buffer.from(alt, 'utf8')] };
    });
    return { token, logprob, bytes: [...Buffer.from(token, 'utf8')], top_logprobs: alternatives };
  });
}
