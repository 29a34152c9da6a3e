import { OpenAiChatCompletion, OpenAiChatRequest } from '@sluice/contracts';
import { GuardrailRule } from './detectors/detector';
import { DetectionTally } from './scan/text-scanner';

/** What a rule did and how often. Names the rule, never the matched text. */
export interface GuardrailAction {
  rule: GuardrailRule;
  action: 'redact' | 'block' | 'flag';
  count: number;
}

export interface InjectionFinding {
  score: number;
  signals: string[];
}

interface GuardrailOutcome {
  decision: 'allow' | 'block';
  actions: GuardrailAction[];
  /** Set when `decision` is `block`: which rule, safe to show the caller and to log. */
  blockReason?: string;
}

export interface GuardrailRequestResult extends GuardrailOutcome {
  /** The request to forward: the input object itself when nothing was redacted. */
  request: OpenAiChatRequest;
  /** Present when injection scoring ran. */
  injection?: InjectionFinding;
}

export interface GuardrailResponseResult extends GuardrailOutcome {
  /** The completion to return: the input object itself when nothing was redacted. */
  completion: OpenAiChatCompletion;
}

/** Redacts one text stream; see `StreamRedactor`. */
export interface GuardrailStreamRedactor {
  push(chunk: string): string;
  flush(): string;
  readonly blocked: boolean;
  actions(): GuardrailAction[];
}

export function tallyToActions(tally: DetectionTally): GuardrailAction[] {
  return tally.entries().map(({ rule, mode, count }) => ({ rule, action: mode, count }));
}

export function blockReasonOf(actions: readonly GuardrailAction[]): string | undefined {
  const rules = [...new Set(actions.filter((a) => a.action === 'block').map((a) => a.rule))];
  return rules.length > 0 ? `blocked by guardrail policy: ${rules.join(', ')}` : undefined;
}
