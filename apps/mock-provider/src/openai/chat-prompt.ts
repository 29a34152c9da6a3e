import type { MockChatRequest } from './chat-request';

export interface ConversationSummary {
  /** What the reply quotes: the last user message's text (or the last tool result). */
  replyPrompt: string;
  /** True when the conversation ends with tool output: the mock then answers in text instead of calling again. */
  endsWithToolResult: boolean;
  texts: string[];
  images: number;
  messages: number;
}

type ContentPart = { type: string; text?: unknown };

function partsText(content: unknown): { text: string; images: number } {
  if (typeof content === 'string') return { text: content, images: 0 };
  if (!Array.isArray(content)) return { text: '', images: 0 };
  let images = 0;
  const texts: string[] = [];
  for (const part of content as ContentPart[]) {
    if (typeof part.text === 'string') texts.push(part.text);
    else if (/image/.test(part.type)) images++;
  }
  return { text: texts.join('\n'), images };
}

/** Reduces chat messages to what the mock needs for the reply and the token estimate. */
export function summariseChat(request: MockChatRequest): ConversationSummary {
  const texts: string[] = [];
  let images = 0;
  let replyPrompt = '';
  let endsWithToolResult = false;
  for (const message of request.messages) {
    const { text, images: messageImages } = partsText(message.content);
    texts.push(text);
    images += messageImages;
    const toolCalls = (message as { tool_calls?: unknown }).tool_calls;
    if (toolCalls) texts.push(JSON.stringify(toolCalls));
    if (message.role === 'user') replyPrompt = text;
    if (message.role === 'tool' || message.role === 'function') replyPrompt = `tool result: ${text}`;
    endsWithToolResult = message.role === 'tool' || message.role === 'function';
  }
  if (request.tools) texts.push(JSON.stringify(request.tools));
  return { replyPrompt, endsWithToolResult, texts, images, messages: request.messages.length };
}
