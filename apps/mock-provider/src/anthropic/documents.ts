import { describeIssue } from '../http/validation';
import { documentBlockSchema, type MessagesRequest } from './messages-request';

type Block = { type?: unknown; content?: unknown };

function documentsIn(content: unknown, path: string): { block: unknown; path: string }[] {
  if (!Array.isArray(content)) return [];
  return (content as Block[]).flatMap((block, index) => {
    if (block?.type === 'document') return [{ block, path: `${path}.${index}` }];
    if (block?.type === 'tool_result') return documentsIn(block.content, `${path}.${index}.content`);
    return [];
  });
}

/** Like Anthropic: a malformed document block (in a user turn or a tool result) is a 400 naming where it is. */
export function documentProblem(request: MessagesRequest): string | null {
  for (const [index, message] of request.messages.entries()) {
    for (const { block, path } of documentsIn(message.content, `messages.${index}.content`)) {
      const parsed = documentBlockSchema.safeParse(block);
      if (!parsed.success) {
        const problem = describeIssue(parsed.error);
        return `${path}${problem.param ? `.${problem.param}` : ''}: ${parsed.error.issues[0]?.message ?? 'invalid document'}`;
      }
    }
  }
  return null;
}
