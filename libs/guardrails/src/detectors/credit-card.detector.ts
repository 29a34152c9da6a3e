import { Detector } from './detector';
import { passesLuhn } from './luhn';

/**
 * Payment card numbers: 13–19 digits starting with 2–6 (the issuer ranges of Visa, Mastercard, Amex,
 * Discover, JCB, Diners, UnionPay, Maestro), optionally grouped by one kind of separator (space or dash)
 * in groups of at least 3 digits, and passing the Luhn check. Repeated digits (`0000 0000 0000 0000`) are not cards.
 */
export const creditCardDetector: Detector = {
  rule: 'pii.credit_card',
  placeholder: '[REDACTED_CREDIT_CARD]',
  pattern: /(?<![\w.-])[2-6](?:[ -]?\d){12,18}(?!\w|[.,-]\d)/g,
  validate: isCardNumber,
  maxLength: 19 + 18,
};

function isCardNumber(candidate: string): boolean {
  const separators = candidate.replace(/\d/g, '');
  if (separators.length > 0) {
    if (separators !== separators[0].repeat(separators.length)) return false;
    if (candidate.split(separators[0]).some((group) => group.length < 3)) return false;
  }
  const digits = separators.length > 0 ? candidate.replace(/\D/g, '') : candidate;
  if (/^(\d)\1*$/.test(digits)) return false;
  return passesLuhn(digits);
}
