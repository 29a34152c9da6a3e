import { Detector } from './detector';

/** Top-level "domains" that are really file extensions (`icon@2x.png`, `logo@3x.webp`). */
const FILE_EXTENSIONS = new Set(['png', 'jpg', 'jpeg', 'gif', 'svg', 'webp', 'ico', 'js', 'ts', 'css', 'json', 'md', 'txt', 'pdf']);

/**
 * RFC 5321-sized addresses: local part ≤ 64, up to 6 domain labels of ≤ 63, an alphabetic TLD. Never starts
 * right after a backslash, so redacting raw JSON cannot swallow the letter of an escape like `\n`.
 */
export const emailDetector: Detector = {
  rule: 'pii.email',
  placeholder: '[REDACTED_EMAIL]',
  pattern: /(?<![A-Za-z0-9._%+\\-])[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,4}\.[A-Za-z]{2,24}(?![A-Za-z0-9-]|:\w)/g,
  validate: (match) => !FILE_EXTENSIONS.has(match.slice(match.lastIndexOf('.') + 1).toLowerCase()),
  maxLength: 64 + 1 + 64 * 5 + 1 + 24,
  anchors: ['@'],
  maxBeforeAnchor: 64,
};
