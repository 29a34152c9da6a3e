import { CHARS_PER_TOKEN } from './tokens';

const PROMPT_PREVIEW_CHARS = 60;
const FILLER = ' lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor';
const OUTPUT_TOKENS_MARKER = /\[mock-output-tokens=(\d{1,6})\]/;

export type FinishKind = 'stop' | 'length' | 'stop_sequence';

export interface ReplyOptions {
  /** Exact length of the untruncated reply, in mock tokens. */
  outputTokens?: number;
  /** The request's own cap (max_tokens & co.): the reply is cut there and finishes with 'length'. */
  maxTokens?: number;
  stop?: string[];
  /** Index of the choice/candidate, so several choices differ. */
  variant?: number;
}

export interface GeneratedReply {
  text: string;
  finish: FinishKind;
  stopSequence: string | null;
}

/** `[mock-output-tokens=N]` inside a prompt asks for an N-token reply (when no header says otherwise). */
export function outputTokensFromPrompt(prompt: string): number | undefined {
  const match = OUTPUT_TOKENS_MARKER.exec(prompt);
  return match ? Number(match[1]) : undefined;
}

/** The deterministic reply: `Mock reply to: <first 60 chars of the prompt>`, optionally sized and cut. */
export function generateReply(prompt: string, options: ReplyOptions = {}): GeneratedReply {
  const preview = prompt.replace(/\s+/g, ' ').trim().slice(0, PROMPT_PREVIEW_CHARS).trimEnd();
  let text = `Mock reply to: ${preview}`;
  if (options.variant) text += ` (choice ${options.variant + 1})`;
  const outputTokens = options.outputTokens ?? outputTokensFromPrompt(prompt);
  if (outputTokens !== undefined) text = fitToLength(text, outputTokens * CHARS_PER_TOKEN);
  return applyLimits(text, options);
}

/** Cuts a text at the first stop sequence or at the token cap, reporting why it ended. */
export function applyLimits(text: string, options: Pick<ReplyOptions, 'maxTokens' | 'stop'>): GeneratedReply {
  let result: GeneratedReply = { text, finish: 'stop', stopSequence: null };
  for (const stop of options.stop ?? []) {
    const at = stop ? result.text.indexOf(stop) : -1;
    if (at >= 0) result = { text: result.text.slice(0, at), finish: 'stop_sequence', stopSequence: stop };
  }
  const maxChars = options.maxTokens === undefined ? Infinity : options.maxTokens * CHARS_PER_TOKEN;
  if (result.text.length > maxChars) result = { text: result.text.slice(0, maxChars), finish: 'length', stopSequence: null };
  return result;
}

function fitToLength(text: string, chars: number): string {
  let out = text;
  while (out.length < chars) out += FILLER;
  return out.slice(0, chars);
}

const MAX_CHUNK_CHARS = 16;

/** Splits a text into stream deltas (a word with its leading space; long runs cut to 16 chars); joined they equal the text. */
export function splitIntoChunks(text: string): string[] {
  const words = text.match(/\s*\S+|\s+$/g) ?? [];
  return words.flatMap((word) => {
    const pieces: string[] = [];
    for (let i = 0; i < word.length; i += MAX_CHUNK_CHARS) pieces.push(word.slice(i, i + MAX_CHUNK_CHARS));
    return pieces;
  });
}
