import { analyzeBlockedRegex, BLOCKED_REGEX_FLAGS } from '@sluice/contracts';
import { Detector } from './detector';

const PLACEHOLDER = '[REDACTED_TERM]';

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/**
 * One detector for all literal terms (case-insensitive, whole words: not inside a longer word) and one
 * per policy regex. Regexes were validated by the policy schema; they are analysed again here for the
 * longest match the stream redactor must hold back.
 */
export function blockedTermDetectors(terms: readonly string[], regexes: readonly string[]): Detector[] {
  const detectors: Detector[] = [];
  const unique = [...new Set(terms.map((t) => t.trim()).filter((t) => t.length > 0))].sort((a, b) => b.length - a.length);
  if (unique.length > 0) {
    detectors.push({
      rule: 'blocked_term',
      placeholder: PLACEHOLDER,
      pattern: new RegExp(`(?<![\\p{L}\\p{N}_])(?:${unique.map(escapeRegex).join('|')})(?![\\p{L}\\p{N}_])`, 'giu'),
      maxLength: unique[0].length,
    });
  }
  for (const source of regexes) {
    const analysis = analyzeBlockedRegex(source);
    if (!analysis.ok) throw new Error(`blocked-term regex rejected: ${analysis.reason}`);
    detectors.push({ rule: 'blocked_term', placeholder: PLACEHOLDER, pattern: new RegExp(source, BLOCKED_REGEX_FLAGS), maxLength: analysis.maxLength });
  }
  return detectors;
}
