import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';

/**
 * Text that looks like a special token (`<|endoftext|>`) is counted as the ordinary text it is: a
 * prompt may quote one, and OpenAI encodes user content that way too. gpt-tokenizer (like
 * js-tiktoken) refuses such text by default.
 */
const AS_PLAIN_TEXT = { disallowedSpecial: new Set<string>() };

/**
 * Byte-pair merging is superlinear in the length of one pre-token, and a run of letters without
 * spaces is one pre-token: 100,000 × "x" would block the event loop. Runs longer than this are counted
 * in slices of this length (exact for ordinary text, which never has such runs; within a few percent
 * for the rest).
 */
const MAX_RUN = 64;
const LONG_RUN = new RegExp(`\\S{${MAX_RUN + 1},}`, 'g');
/** Counts of recently seen slices of long runs: repeated filler costs one lookup. */
const sliceCounts = new Map<string, number>();
const SLICE_CACHE_SIZE = 4096;

function encodeLength(text: string): number {
  return text ? countTokens(text, AS_PLAIN_TEXT) : 0;
}

function sliceLength(slice: string): number {
  let count = sliceCounts.get(slice);
  if (count === undefined) {
    count = encodeLength(slice);
    if (sliceCounts.size >= SLICE_CACHE_SIZE) sliceCounts.delete(sliceCounts.keys().next().value as string);
    sliceCounts.set(slice, count);
  }
  return count;
}

function boundedTokens(text: string): number {
  if (text.length <= MAX_RUN) return encodeLength(text);
  let total = 0;
  let last = 0;
  for (const match of text.matchAll(LONG_RUN)) {
    const start = match.index;
    total += encodeLength(text.slice(last, start));
    for (let i = 0; i < match[0].length; i += MAX_RUN) total += sliceLength(match[0].slice(i, i + MAX_RUN));
    last = start + match[0].length;
  }
  return total + encodeLength(text.slice(last));
}

/** Characters tokenized exactly per estimate; beyond, text is extrapolated at the ratio seen so far. */
export const EXACT_TOKENIZE_CHARS = 32_768;
/** Tokens per character assumed when nothing was tokenized yet (English averages ~0.25). */
const FALLBACK_TOKENS_PER_CHAR = 0.3;

/**
 * Counts tokens (OpenAI's o200k_base BPE via gpt-tokenizer: bundled ranks, offline) for one request with bounded work:
 * the first EXACT_TOKENIZE_CHARS characters are tokenized, the rest is extrapolated from them, so a
 * huge or hostile prompt cannot stall the gateway. Used to reserve TPM and budget; real usage settles.
 */
export function createTokenEstimator(exactChars: number = EXACT_TOKENIZE_CHARS): (text: string) => number {
  let exactLeft = exactChars;
  let sampledChars = 0;
  let sampledTokens = 0;
  return (text: string): number => {
    if (!text) return 0;
    const exactPart = text.length <= exactLeft ? text : text.slice(0, exactLeft);
    let count = 0;
    if (exactPart.length > 0) {
      count = boundedTokens(exactPart);
      exactLeft -= exactPart.length;
      sampledChars += exactPart.length;
      sampledTokens += count;
    }
    const rest = text.length - exactPart.length;
    if (rest > 0) count += Math.ceil(rest * (sampledChars > 0 ? Math.max(sampledTokens / sampledChars, 0.05) : FALLBACK_TOKENS_PER_CHAR));
    return count;
  };
}

/** Tokens of one text (exact up to EXACT_TOKENIZE_CHARS characters, extrapolated beyond). */
export function tokens(text: string): number {
  return createTokenEstimator()(text);
}
