import { OpenAiChatCompletion } from '@sluice/contracts';
import { mapToolCalls } from './chat-request-texts';

/**
 * Applies `map` to the texts of a canonical completion: each choice's message content and the string
 * values of its tool-call arguments. Copy-on-write like `mapChatRequestTexts`.
 */
export function mapCompletionTexts(completion: OpenAiChatCompletion, map: (text: string) => string): OpenAiChatCompletion {
  let choices: OpenAiChatCompletion['choices'] | undefined;
  completion.choices.forEach((choice, i) => {
    const message = choice.message;
    const content = message.content === null ? null : map(message.content);
    const toolCalls = message.tool_calls && mapToolCalls(message.tool_calls, map);
    if (content === message.content && toolCalls === message.tool_calls) return;
    const nextMessage = toolCalls === undefined ? { ...message, content } : { ...message, content, tool_calls: toolCalls };
    (choices ??= completion.choices.slice())[i] = { ...choice, message: nextMessage };
  });
  return choices ? { ...completion, choices } : completion;
}
