export { compileGuardrails } from './compile-guardrails';
export type { GuardrailChecker } from './compile-guardrails';
export type {
  GuardrailAction,
  GuardrailRequestResult,
  GuardrailResponseResult,
  GuardrailStreamRedactor,
  InjectionFinding,
} from './guardrail-result';
export type { GuardrailRule } from './detectors/detector';
export { scoreInjection } from './injection/injection-scorer';
export type { InjectionScore } from './injection/injection-scorer';
export { passesLuhn } from './detectors/luhn';
export { isValidIban } from './detectors/iban-check';
