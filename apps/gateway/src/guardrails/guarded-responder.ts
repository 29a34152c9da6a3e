import type { OpenAiChatChunk, OpenAiChatCompletion } from '@sluice/contracts';
import type { GuardrailAction, GuardrailChecker, GuardrailStreamRedactor } from '@sluice/guardrails';
import type { GatewayError } from '../errors/gateway-error';
import type { ChatResponder, ServedBy } from '../proxy/chat-responder';

/**
 * Applies a guardrail policy to what the provider answered before the client sees it: redacts, or
 * withholds the content with `finish_reason: content_filter` when a rule blocks. Streams are
 * redacted as they flow (a secret split across chunks is still caught).
 */
export class GuardedResponder implements ChatResponder {
  private readonly redactors = new Map<number, GuardrailStreamRedactor>();
  private readonly blockedChoices = new Set<number>();
  readonly actions: GuardrailAction[] = [];

  constructor(private readonly inner: ChatResponder, private readonly checker: GuardrailChecker) {}

  async json(completion: OpenAiChatCompletion, servedBy: ServedBy): Promise<void> {
    const result = this.checker.checkResponse(completion);
    this.actions.push(...result.actions);
    if (result.decision === 'block') {
      const withheld = { ...completion, choices: completion.choices.map((c) => ({ ...c, message: { ...c.message, content: null, tool_calls: undefined }, finish_reason: 'content_filter' as const })) };
      return this.inner.json(withheld, servedBy);
    }
    return this.inner.json(result.completion, servedBy);
  }

  open(servedBy: ServedBy): void {
    this.inner.open(servedBy);
  }

  chunk(chunk: OpenAiChatChunk): void {
    for (const choice of chunk.choices) {
      if (this.blockedChoices.has(choice.index)) {
        choice.delta = {};
        continue;
      }
      const redactor = this.redactorFor(choice.index);
      let text = typeof choice.delta.content === 'string' ? redactor.push(choice.delta.content) : '';
      if (choice.finish_reason) text += redactor.flush();
      if (redactor.blocked) {
        this.blockedChoices.add(choice.index);
        choice.delta = {};
        choice.finish_reason = 'content_filter';
        continue;
      }
      if (typeof choice.delta.content === 'string' || text) choice.delta.content = text;
    }
    this.inner.chunk(chunk);
  }

  close(): void {
    for (const redactor of this.redactors.values()) this.actions.push(...redactor.actions());
    this.inner.close();
  }

  fail(error: GatewayError): void {
    this.inner.fail(error);
  }

  private redactorFor(index: number): GuardrailStreamRedactor {
    let redactor = this.redactors.get(index);
    if (!redactor) this.redactors.set(index, (redactor = this.checker.createStreamRedactor()));
    return redactor;
  }
}

/** `pii.email:redact:2,injection:flag:1` — rules and counts only, never matched text. */
export function describeActions(actions: readonly GuardrailAction[]): string {
  return actions.map((a) => `${a.rule}:${a.action}:${a.count}`).join(',');
}
