import { Detector } from './detector';

const DATE = /^\d{4}[-.]\d{1,2}[-.]\d{1,2}\b|^\d{1,2}[-.]\d{1,2}[-.]\d{4}\b/;
const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;
const THOUSANDS = /^\d{1,3}(?:([ .])\d{3})(?:\1\d{3}){2,}$/;
const SEPARATOR = /[ ().-]/;

/**
 * Phone numbers:
 * - international: `+` and 8–15 digits (E.164), with or without separators (`+44 20 7946 0958`, `+4915112345678`);
 * - national: 10–11 digits written with separators (`(555) 123-4567`, `020 7946 0958`, `01 23 45 67 89`).
 * Plain digit runs (timestamps, order ids), dates, IPv4 addresses and thousands-grouped amounts are not phones.
 */
export const phoneDetector: Detector = {
  rule: 'pii.phone',
  placeholder: '[REDACTED_PHONE]',
  pattern: /(?<![\w+@/.:-])[+(]?\d[\d ().-]{5,20}\d(?![\w@/]|[.:-]?\d)/g,
  validate: isPhoneShaped,
  maxLength: 23,
};

function isPhoneShaped(candidate: string): boolean {
  if (/[ ().-]{2}/.test(candidate.replace(/ ?([()]) ?/g, '$1'))) return false;
  if (!parenthesesBalanced(candidate)) return false;
  const digits = candidate.replace(/\D/g, '').length;
  if (candidate.startsWith('+')) return digits >= 8 && digits <= 15;
  if (digits < 10 || digits > 11 || !SEPARATOR.test(candidate)) return false;
  return !DATE.test(candidate) && !IPV4.test(candidate) && !THOUSANDS.test(candidate);
}

function parenthesesBalanced(text: string): boolean {
  const open = text.indexOf('(');
  const close = text.indexOf(')');
  if (open < 0 && close < 0) return true;
  return open >= 0 && close > open + 1 && text.indexOf('(', open + 1) < 0 && text.indexOf(')', close + 1) < 0;
}
