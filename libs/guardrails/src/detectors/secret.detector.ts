import { Detector } from './detector';

/** Stream redaction sees tokens up to this long in one piece; longer ones are still caught outside streams. */
const TOKEN_MAX = 512;

/** Start of a token: not inside a word, or right after a JSON escape such as `\n` (raw tool-call arguments). */
const START = String.raw`(?:(?<![\w-])|(?<=\\[nrt]))`;

/** Random-looking: at least two of lower case, upper case and digits (not a hyphenated phrase). */
function looksRandom(token: string): boolean {
  const classes = Number(/[a-z]/.test(token)) + Number(/[A-Z]/.test(token)) + Number(/\d/.test(token));
  return classes >= 2;
}

function secret(pattern: RegExp, anchors: readonly string[], extra: Partial<Detector> = {}): Detector {
  return { rule: 'pii.secret', placeholder: '[REDACTED_SECRET]', pattern, maxLength: TOKEN_MAX, anchors, maxBeforeAnchor: 0, ...extra };
}

/**
 * API keys and credentials. Token bodies are matched to their end (no upper bound), so a key is never
 * left half-redacted.
 */
export const secretDetectors: readonly Detector[] = [
  // OpenAI `sk-…`/`sk-proj-…`, Anthropic `sk-ant-…`, Sluice `sk-sluice-…`.
  secret(new RegExp(String.raw`${START}sk-[A-Za-z0-9_-]{20,}`, 'g'), ['sk-'], { validate: (m) => looksRandom(m.slice(3)) }),
  // AWS access key ids (long-term AKIA, temporary ASIA).
  secret(new RegExp(String.raw`(?:(?<![A-Za-z0-9])|(?<=\\[nrt]))(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Za-z0-9])`, 'g'), ['AKIA', 'ASIA'], { maxLength: 20 }),
  // GitHub classic and fine-grained tokens.
  secret(new RegExp(String.raw`${START}(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})`, 'g'), ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'github_pat_']),
  // Slack bot, user, app and refresh tokens.
  secret(new RegExp(String.raw`${START}xox[abposr]-[A-Za-z0-9-]{10,}`, 'g'), ['xoxa-', 'xoxb-', 'xoxp-', 'xoxo-', 'xoxs-', 'xoxr-']),
  // Google API keys.
  secret(new RegExp(String.raw`${START}AIza[0-9A-Za-z_-]{35}(?![\w-])`, 'g'), ['AIza'], { maxLength: 39 }),
  // PEM private keys: the header and the whole body up to the END line, or up to a blank line when it is cut short.
  secret(
    /-----BEGIN (?:[A-Z0-9]{1,10} ){0,3}PRIVATE KEY-----(?:[A-Za-z0-9+/=]{1,4096})?(?:(?:\r?\n|[ \t])(?:[A-Za-z0-9+/=:,.()]|-(?!-)){1,128}){0,80}(?:\s{0,2}-----END (?:[A-Z0-9]{1,10} ){0,3}PRIVATE KEY-----)?/g,
    ['-----BEGIN '],
    { maxLength: 4096 + 80 * 130 + 90 },
  ),
  // `Bearer <token>` with a random-looking token of 20+ characters (JWTs, opaque tokens).
  secret(/(?<![A-Za-z0-9])[Bb]earer[ \t]{1,3}[A-Za-z0-9._~+/=-]{20,}/g, ['Bearer', 'bearer'], {
    validate: (m) => {
      const token = m.replace(/^[Bb]earer[ \t]+/, '');
      return /\d/.test(token) && looksRandom(token);
    },
  }),
];
