/** The rule an action or a detection belongs to; never the matched text. */
export type GuardrailRule =
  | 'pii.email'
  | 'pii.phone'
  | 'pii.credit_card'
  | 'pii.iban'
  | 'pii.national_id'
  | 'pii.secret'
  | 'blocked_term'
  | 'injection'
  | 'max_prompt_chars';

/**
 * One pattern-based detector. Patterns are global (`g`), start behind a one-character boundary
 * (lookbehind) and use bounded or single-class quantifiers only, so a scan is linear in the text.
 */
export interface Detector {
  rule: GuardrailRule;
  /** Replaces the whole match, e.g. `[REDACTED_EMAIL]`. */
  placeholder: string;
  pattern: RegExp;
  /** Checksum or shape validation of a candidate match (Luhn, mod-97, invalid ranges…). */
  validate?: (match: string) => boolean;
  /** Longest match the stream redactor must be able to see in one piece (UTF-16 code units). */
  maxLength: number;
  /**
   * Literals every match contains, at most `maxBeforeAnchor` characters after the match start.
   * Lets the scanner skip texts without them and the stream redactor hold back less text.
   */
  anchors?: readonly string[];
  maxBeforeAnchor?: number;
}
