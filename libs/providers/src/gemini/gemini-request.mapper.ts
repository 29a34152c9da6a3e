import type { GeminiContent, GeminiGenerateContentRequest, GeminiPart, OpenAiChatMessage, OpenAiChatRequest, OpenAiUserContentPart } from '@sluice/contracts';
import { maxTokensOf, parseDataUri, parseToolArguments, rejectUnsupportedOptions, stopSequencesOf, textOf } from '../core/canonical';
import { TranslationError } from '../core/errors';
import { thinkingBudgetForEffort } from '../core/thinking';
import type { ProviderTarget } from '../core/provider-adapter';
import { providerLabel } from '../core/define-adapter';
import { toGeminiSchema } from './gemini-schema';

const MIME_BY_EXTENSION: Record<string, string> = { png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp', heic: 'image/heic' };

function userPart(part: OpenAiUserContentPart, label: string): GeminiPart {
  if (part.type === 'text') return { text: part.text };
  if (part.type === 'image_url') {
    const data = parseDataUri(part.image_url.url);
    if (data) return { inlineData: { mimeType: data.mediaType, data: data.data } };
    const extension = /\.(\w+)(?:\?|#|$)/.exec(part.image_url.url)?.[1]?.toLowerCase() ?? '';
    return { fileData: { mimeType: MIME_BY_EXTENSION[extension] ?? 'image/jpeg', fileUri: part.image_url.url } };
  }
  if (part.type === 'input_audio') return { inlineData: { mimeType: `audio/${part.input_audio.format}`, data: part.input_audio.data } };
  throw new TranslationError(`Provider ${label} cannot take '${part.type}' content parts.`, 'unsupported_content', 'messages');
}

function toolResponse(content: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(content);
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // plain text result
  }
  return { content };
}

function toContent(message: OpenAiChatMessage, toolNames: Map<string, string>, label: string): GeminiContent {
  switch (message.role) {
    case 'user':
      return { role: 'user', parts: typeof message.content === 'string' ? [{ text: message.content }] : message.content.map((p) => userPart(p, label)) };
    case 'assistant': {
      const text = Array.isArray(message.content) ? message.content.map((p) => (p.type === 'text' ? p.text : p.refusal)).join('') : (message.content ?? '');
      const parts: GeminiPart[] = text ? [{ text }] : [];
      for (const call of message.tool_calls ?? []) {
        toolNames.set(call.id, call.function.name);
        parts.push({ functionCall: { name: call.function.name, args: parseToolArguments(call, label) } });
      }
      return { role: 'model', parts };
    }
    case 'tool': {
      const name = toolNames.get(message.tool_call_id);
      if (!name) throw new TranslationError(`Provider ${label} needs the tool call '${message.tool_call_id}' before its result.`, 'invalid_tool_result', 'messages');
      if (typeof message.content !== 'string' && message.content.some((part) => part.type !== 'text')) {
        throw new TranslationError(`Provider ${label} cannot take images or documents inside tool results.`, 'unsupported_content', 'messages');
      }
      const text = textOf(message.content);
      // Gemini's documented key for a failed call's details is `error` (`output` for a result).
      return { role: 'user', parts: [{ functionResponse: { name, response: message.is_error ? { error: text } : toolResponse(text) } }] };
    }
    default:
      throw new TranslationError(`Provider ${label} cannot take '${message.role}' messages here.`, 'unsupported_content', 'messages');
  }
}

function mergeTurns(contents: GeminiContent[]): GeminiContent[] {
  const out: GeminiContent[] = [];
  for (const content of contents) {
    const last = out.at(-1);
    if (last && last.role === content.role) last.parts = [...last.parts, ...content.parts];
    else out.push({ role: content.role, parts: [...content.parts] });
  }
  return out;
}

function toolConfigOf(request: OpenAiChatRequest): GeminiGenerateContentRequest['toolConfig'] {
  const choice = request.tool_choice;
  if (choice === 'none') return { functionCallingConfig: { mode: 'NONE' } };
  if (choice === 'required') return { functionCallingConfig: { mode: 'ANY' } };
  if (choice && typeof choice === 'object') return { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: [choice.function.name] } };
  if (choice === 'auto') return { functionCallingConfig: { mode: 'AUTO' } };
  return undefined;
}

function generationConfigOf(request: OpenAiChatRequest): GeminiGenerateContentRequest['generationConfig'] {
  const config: NonNullable<GeminiGenerateContentRequest['generationConfig']> = {};
  if (request.temperature != null) config.temperature = request.temperature;
  if (request.top_p != null) config.topP = request.top_p;
  const max = maxTokensOf(request);
  if (max != null) config.maxOutputTokens = max;
  const stop = stopSequencesOf(request);
  if (stop) config.stopSequences = stop;
  if (request.n != null && request.n > 1) config.candidateCount = request.n;
  if (request.seed != null) config.seed = request.seed;
  if (request.presence_penalty != null) config.presencePenalty = request.presence_penalty;
  if (request.frequency_penalty != null) config.frequencyPenalty = request.frequency_penalty;
  if (request.logprobs) {
    config.responseLogprobs = true;
    if (request.top_logprobs != null) config.logprobs = request.top_logprobs;
  }
  const format = request.response_format;
  if (format?.type === 'json_object' || format?.type === 'json_schema') config.responseMimeType = 'application/json';
  if (format?.type === 'json_schema' && format.json_schema.schema) config.responseSchema = toGeminiSchema(format.json_schema.schema) as Record<string, unknown>;
  const thinkingConfig = geminiThinkingOf(request);
  if (thinkingConfig) config.thinkingConfig = thinkingConfig;
  return Object.keys(config).length ? config : undefined;
}

/**
 * `thinking` (Anthropic's, as LiteLLM accepts it from OpenAI clients) or `reasoning_effort` as Gemini's
 * thinking budget, with thought summaries asked for so they come back as `reasoning_content`.
 * Disabled thinking or effort `none` is a budget of 0 (Gemini 2.5 Pro cannot turn thinking off and
 * answers that with its own 400). Without either field the model's own default applies.
 */
function geminiThinkingOf(request: OpenAiChatRequest): { thinkingBudget: number; includeThoughts?: boolean } | undefined {
  if (request.thinking) {
    return request.thinking.type === 'enabled' ? { thinkingBudget: request.thinking.budget_tokens, includeThoughts: true } : { thinkingBudget: 0 };
  }
  const effort = request.reasoning_effort;
  if (effort == null) return undefined;
  if (effort === 'none') return { thinkingBudget: 0 };
  return { thinkingBudget: thinkingBudgetForEffort(effort), includeThoughts: true };
}

/** Canonical chat request → Gemini `generateContent` body. */
export function toGeminiRequest(request: OpenAiChatRequest, target: ProviderTarget): GeminiGenerateContentRequest {
  const label = providerLabel(target);
  rejectUnsupportedOptions(request, label, { n: true, logprobs: true });
  const system: GeminiPart[] = [];
  const contents: GeminiContent[] = [];
  const toolNames = new Map<string, string>();
  for (const message of request.messages) {
    if (message.role === 'system' || message.role === 'developer') system.push({ text: textOf(message.content) });
    else contents.push(toContent(message, toolNames, label));
  }
  const out: GeminiGenerateContentRequest = { contents: mergeTurns(contents) };
  if (system.length) out.systemInstruction = { parts: system };
  if (request.tools?.length) {
    out.tools = [
      {
        functionDeclarations: request.tools.map((tool) => ({
          name: tool.function.name,
          ...(tool.function.description ? { description: tool.function.description } : {}),
          ...(tool.function.parameters ? { parameters: toGeminiSchema(tool.function.parameters) as Record<string, unknown> } : {}),
        })),
      },
    ];
    const toolConfig = toolConfigOf(request);
    if (toolConfig) out.toolConfig = toolConfig;
  }
  const generationConfig = generationConfigOf(request);
  if (generationConfig) out.generationConfig = generationConfig;
  return out;
}
