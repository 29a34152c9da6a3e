import { OpenAiChatMessage, OpenAiChatRequest, OpenAiToolCall } from '@sluice/contracts';
import { mapJsonStrings } from './json-strings';

/** Where a text sits in the request: injection scoring only looks at untrusted input (user, tool). */
export type TextOrigin = 'system' | 'user' | 'assistant' | 'tool';

/** Maps one text; return the same string when it is unchanged. */
export type TextMap = (text: string, origin: TextOrigin) => string;

/**
 * Applies `map` to every text the canonical request carries: system/developer prompts, user text (string
 * or text parts), assistant content and tool-call arguments (string values of the JSON), tool results.
 * Images, audio and files are left alone. Copy-on-write: unchanged messages, and an unchanged request,
 * are returned as the same objects.
 */
export function mapChatRequestTexts(request: OpenAiChatRequest, map: TextMap): OpenAiChatRequest {
  let messages: OpenAiChatMessage[] | undefined;
  request.messages.forEach((message, i) => {
    const next = mapMessage(message, map);
    if (next !== message) (messages ??= request.messages.slice())[i] = next;
  });
  return messages ? { ...request, messages } : request;
}

/** Visits every text of the request (same coverage as `mapChatRequestTexts`) without copying. */
export function forEachChatRequestText(request: OpenAiChatRequest, visit: (text: string, origin: TextOrigin) => void): void {
  mapChatRequestTexts(request, (text, origin) => {
    visit(text, origin);
    return text;
  });
}

function mapMessage(message: OpenAiChatMessage, map: TextMap): OpenAiChatMessage {
  switch (message.role) {
    case 'system':
    case 'developer': {
      const content = mapContent(message.content, (t) => map(t, 'system'));
      return content === message.content ? message : { ...message, content };
    }
    case 'user': {
      const content = mapContent(message.content, (t) => map(t, 'user'));
      return content === message.content ? message : { ...message, content };
    }
    case 'tool': {
      const content = mapContent(message.content, (t) => mapJsonStrings(t, (s) => map(s, 'tool')));
      return content === message.content ? message : { ...message, content };
    }
    case 'function': {
      const content = message.content === null ? null : mapJsonStrings(message.content, (s) => map(s, 'tool'));
      return content === message.content ? message : { ...message, content };
    }
    case 'assistant': {
      const content = message.content == null ? message.content : mapContent(message.content, (t) => map(t, 'assistant'));
      const toolCalls = message.tool_calls && mapToolCalls(message.tool_calls, (t) => map(t, 'assistant'));
      if (content === message.content && toolCalls === message.tool_calls) return message;
      return toolCalls === undefined ? { ...message, content } : { ...message, content, tool_calls: toolCalls };
    }
  }
}

/** String content or an array of parts whose `text` parts are mapped; other parts stay as they are. */
function mapContent<P extends { type: string }>(content: string | P[], map: (text: string) => string): string | P[] {
  if (typeof content === 'string') return map(content);
  let parts: P[] | undefined;
  content.forEach((part, i) => {
    if (part.type !== 'text' || !('text' in part) || typeof part.text !== 'string') return;
    const text = map(part.text);
    if (text !== part.text) (parts ??= content.slice())[i] = { ...part, text };
  });
  return parts ?? content;
}

/** Maps the string values inside each call's JSON arguments. */
export function mapToolCalls(calls: OpenAiToolCall[], map: (text: string) => string): OpenAiToolCall[] {
  let copy: OpenAiToolCall[] | undefined;
  calls.forEach((call, i) => {
    const args = mapJsonStrings(call.function.arguments, map);
    if (args !== call.function.arguments) (copy ??= calls.slice())[i] = { ...call, function: { ...call.function, arguments: args } };
  });
  return copy ?? calls;
}
