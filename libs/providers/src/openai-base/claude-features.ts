import type { OpenAiChatMessage, OpenAiChatRequest, OpenAiDocumentPart, OpenAiUserContentPart } from '@sluice/contracts';
import { TranslationError } from '../core/errors';
import type { ProviderTarget } from '../core/provider-adapter';
import { providerLabel } from '../core/define-adapter';
import { reasoningEffortForBudget } from '../core/thinking';

/**
 * OpenAI's reasoning models (o1, o3, o4-mini, gpt-5 …), by upstream model name: only they take
 * `reasoning_effort`; other models answer it with a 400, so they get none.
 */
export function isOpenAiReasoningModel(upstreamModel: string): boolean {
  return /^(?:[\w-]+\/)?(?:o\d|gpt-5)/i.test(upstreamModel);
}

/**
 * The canonical request as an OpenAI-wire server takes it, for what a Claude-minded client sends:
 * - `anthropic_beta` (a Claude-only header) is dropped;
 * - `thinking` is dropped; a reasoning model gets a `reasoning_effort` for an enabled budget
 *   (unless the request has one); OpenAI returns no reasoning text, so no thinking comes back;
 * - an assistant turn's `thinking_blocks`, `reasoning_content` and `block_order` are dropped (OpenAI refuses
 *   unknown message fields, and its models could not check Claude's signatures anyway);
 * - a document part becomes a `file` part (a base64 PDF) or text (a text document); other
 *   documents, and images or documents inside tool results, are a 400 naming the provider.
 * Copies only what it changes, so a plain OpenAI request goes through untouched.
 */
export function withClaudeFeaturesForOpenAiWire(request: OpenAiChatRequest, target: ProviderTarget): OpenAiChatRequest {
  let out = request;
  if (out.anthropic_beta) {
    const { anthropic_beta: _betas, ...rest } = out;
    out = rest;
  }
  if (out.thinking) {
    const { thinking, ...rest } = out;
    out = rest;
    if (thinking.type === 'enabled' && out.reasoning_effort == null && isOpenAiReasoningModel(target.deployment.upstreamModel)) {
      out.reasoning_effort = reasoningEffortForBudget(thinking.budget_tokens);
    }
  }
  const label = providerLabel(target);
  let changed = false;
  const messages = out.messages.map((message) => {
    const next = forOpenAiWire(message, label);
    changed ||= next !== message;
    return next;
  });
  return changed ? { ...out, messages } : out;
}

function forOpenAiWire(message: OpenAiChatMessage, label: string): OpenAiChatMessage {
  switch (message.role) {
    case 'assistant': {
      if (!('thinking_blocks' in message) && !('reasoning_content' in message)) return message;
      const { thinking_blocks: _blocks, reasoning_content: _reasoning, block_order: _order, ...rest } = message;
      return rest;
    }
    case 'user':
      if (typeof message.content === 'string' || !message.content.some((part) => part.type === 'document')) return message;
      return { ...message, content: message.content.map((part) => (part.type === 'document' ? documentAsPart(part, label) : part)) };
    case 'tool':
      if (typeof message.content !== 'string' && message.content.some((part) => part.type !== 'text')) {
        throw new TranslationError(`Provider ${label} cannot take images or documents inside tool results; only Claude (Anthropic, Bedrock) can.`, 'unsupported_content', 'messages');
      }
      return message;
    default:
      return message;
  }
}

function documentAsPart(document: OpenAiDocumentPart, label: string): OpenAiUserContentPart {
  const { source } = document;
  if (source.type === 'base64' && source.media_type === 'application/pdf') {
    return { type: 'file', file: { filename: document.title ?? 'document.pdf', file_data: `data:application/pdf;base64,${source.data}` } };
  }
  if (source.type === 'text') return { type: 'text', text: source.data };
  const what = source.type === 'base64' ? `${source.media_type} documents` : `documents with a '${source.type}' source`;
  throw new TranslationError(`Provider ${label} cannot take ${what}; send a base64 PDF or a text document.`, 'unsupported_content', 'messages');
}
