import { MAX_LOGGED_BODY_CHARS, type LoggedBody, type OpenAiChatCompletion, type OpenAiChatRequest } from '@sluice/contracts';

/** JSON text of `value`, cut at MAX_LOGGED_BODY_CHARS (never inside a surrogate pair) and flagged when cut. */
export function loggedBody(value: unknown): LoggedBody {
  const text = JSON.stringify(value) ?? 'null';
  if (text.length <= MAX_LOGGED_BODY_CHARS) return { text, truncated: false };
  let end = MAX_LOGGED_BODY_CHARS;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return { text: text.slice(0, end), truncated: true };
}

/** What is logged of a prompt: the (already redacted) canonical messages. */
export function loggedPrompt(request: OpenAiChatRequest): LoggedBody {
  return loggedBody(request.messages);
}

/** What is logged of an answer: each choice's message, as the client received it (after response guardrails). */
export function loggedResponse(completion: OpenAiChatCompletion): LoggedBody {
  return loggedBody(completion.choices.map((choice) => choice.message));
}
