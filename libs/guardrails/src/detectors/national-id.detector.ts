import { Detector } from './detector';

/** Numbers the SSA never issues or that were published (Woolworth wallet card, SSA pamphlet). */
const PUBLIC_SSNS = new Set(['078051120', '219099999']);

/**
 * US Social Security numbers written `AAA-GG-SSSS` or `AAA GG SSSS` (one separator kind). Excluded: area 000,
 * 666 and 900–999, group 00, serial 0000, and well-known published numbers. Bare 9-digit runs are not matched.
 */
export const usSsnDetector: Detector = {
  rule: 'pii.national_id',
  placeholder: '[REDACTED_NATIONAL_ID]',
  pattern: /(?<![\w-])\d{3}([- ])\d{2}\1\d{4}(?![\w-])/g,
  validate: isIssuableSsn,
  maxLength: 11,
};

function isIssuableSsn(candidate: string): boolean {
  const digits = candidate.replace(/\D/g, '');
  const area = digits.slice(0, 3);
  if (area === '000' || area === '666' || area[0] === '9') return false;
  if (digits.slice(3, 5) === '00' || digits.slice(5) === '0000') return false;
  return !PUBLIC_SSNS.has(digits);
}

/**
 * UK National Insurance numbers (`AB 12 34 56 C` or `AB123456C`): prefix letters D, F, I, Q, U, V never used,
 * O never second, prefixes BG, GB, KN, NK, NT, TN, ZZ not allocated; suffix A–D.
 */
export const ukNinoDetector: Detector = {
  rule: 'pii.national_id',
  placeholder: '[REDACTED_NATIONAL_ID]',
  pattern: /(?<![A-Za-z0-9])(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D](?![A-Za-z0-9])/g,
  maxLength: 13,
};
