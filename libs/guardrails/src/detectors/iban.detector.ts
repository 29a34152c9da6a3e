import { Detector } from './detector';
import { isValidIban } from './iban-check';

/** IBANs in upper case, compact or in groups of four, validated by country length and ISO 13616 mod-97. */
export const ibanDetector: Detector = {
  rule: 'pii.iban',
  placeholder: '[REDACTED_IBAN]',
  pattern: /(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?(?![A-Za-z0-9])/g,
  validate: isValidIban,
  maxLength: 34 + 8,
};
