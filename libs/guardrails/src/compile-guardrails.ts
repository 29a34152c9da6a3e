import { GuardrailPolicy, GuardrailPolicyInput, guardrailPolicySchema, OpenAiChatCompletion, OpenAiChatRequest } from '@sluice/contracts';
import { blockedTermDetectors } from './detectors/blocked-terms.detector';
import { piiDetectors } from './detectors/pii-detectors';
import {
  blockReasonOf,
  GuardrailAction,
  GuardrailRequestResult,
  GuardrailResponseResult,
  GuardrailStreamRedactor,
  InjectionFinding,
  tallyToActions,
} from './guardrail-result';
import { scoreInjection } from './injection/injection-scorer';
import { ActiveDetector, DetectionTally, redactText } from './scan/text-scanner';
import { StreamRedactor } from './stream/stream-redactor';
import { forEachChatRequestText, mapChatRequestTexts } from './walk/chat-request-texts';
import { mapCompletionTexts } from './walk/completion-texts';

/** A compiled policy: build it once per policy version and reuse it for every request. */
export interface GuardrailChecker {
  /** Whether any rule runs on requests / responses (when not, the checks return their input untouched). */
  readonly appliesToRequest: boolean;
  readonly appliesToResponse: boolean;
  /** Before the upstream call: size limit, injection scoring, PII and blocked terms. */
  checkRequest(request: OpenAiChatRequest): GuardrailRequestResult;
  /** After a non-streaming upstream call: PII and blocked terms in message content and tool-call arguments. */
  checkResponse(completion: OpenAiChatCompletion): GuardrailResponseResult;
  /** For a streamed response: one redactor per text stream (a choice's content, a tool call's arguments). */
  createStreamRedactor(): GuardrailStreamRedactor;
}

/** Validates the policy (throws a ZodError when invalid) and precompiles its detectors. */
export function compileGuardrails(input: GuardrailPolicyInput): GuardrailChecker {
  const policy = guardrailPolicySchema.parse(input);
  const detectors = activeDetectors(policy);
  const appliesToRequest =
    policy.applyTo.request && (detectors.length > 0 || policy.maxPromptChars !== undefined || policy.injection.action !== 'off');
  const appliesToResponse = policy.applyTo.response && detectors.length > 0;
  const responseDetectors = appliesToResponse ? detectors : [];

  return {
    appliesToRequest,
    appliesToResponse,
    checkRequest: (request) => (appliesToRequest ? checkRequest(policy, detectors, request) : { decision: 'allow', request, actions: [] }),
    checkResponse: (completion) => {
      if (!appliesToResponse) return { decision: 'allow', completion, actions: [] };
      const tally = new DetectionTally();
      const redacted = mapCompletionTexts(completion, (text) => redactText(text, detectors, tally));
      return outcome(tallyToActions(tally), (decision) => ({ completion: decision === 'allow' ? redacted : completion }));
    },
    createStreamRedactor: () => new StreamRedactor(responseDetectors),
  };
}

function activeDetectors(policy: GuardrailPolicy): ActiveDetector[] {
  const out: ActiveDetector[] = [];
  if (policy.pii.action !== 'off') {
    const mode = policy.pii.action;
    out.push(...piiDetectors(policy.pii.types).map((d) => ({ ...d, mode })));
  }
  const { terms, regexes, action } = policy.blockedTerms;
  out.push(...blockedTermDetectors(terms, regexes).map((d) => ({ ...d, mode: action })));
  return out;
}

function checkRequest(policy: GuardrailPolicy, detectors: readonly ActiveDetector[], request: OpenAiChatRequest): GuardrailRequestResult {
  const max = policy.maxPromptChars;
  if (max !== undefined) {
    let total = 0;
    forEachChatRequestText(request, (text) => (total += text.length));
    if (total > max) {
      return {
        decision: 'block',
        request,
        actions: [{ rule: 'max_prompt_chars', action: 'block', count: 1 }],
        blockReason: `prompt has ${total} characters, above the policy limit of ${max}`,
      };
    }
  }

  const actions: GuardrailAction[] = [];
  let injection: InjectionFinding | undefined;
  if (policy.injection.action !== 'off') {
    const untrusted: string[] = [];
    forEachChatRequestText(request, (text, origin) => {
      if (origin === 'user' || origin === 'tool') untrusted.push(text);
    });
    injection = scoreInjection(untrusted);
    if (injection.signals.length > 0) {
      const blocks = policy.injection.action === 'block' && injection.score >= policy.injection.threshold;
      actions.push({ rule: 'injection', action: blocks ? 'block' : 'flag', count: injection.signals.length });
      if (blocks) {
        return { decision: 'block', request, actions, injection, blockReason: `blocked by guardrail policy: injection (score ${injection.score})` };
      }
    }
  }

  if (detectors.length === 0) return { decision: 'allow', request, actions, injection };
  const tally = new DetectionTally();
  const redacted = mapChatRequestTexts(request, (text) => redactText(text, detectors, tally));
  actions.push(...tallyToActions(tally));
  return { ...outcome(actions, (decision) => ({ request: decision === 'allow' ? redacted : request })), injection };
}

function outcome<T>(actions: GuardrailAction[], pick: (decision: 'allow' | 'block') => T) {
  const blockReason = blockReasonOf(actions);
  const decision = blockReason === undefined ? ('allow' as const) : ('block' as const);
  return { decision, actions, ...(blockReason === undefined ? {} : { blockReason }), ...pick(decision) };
}
