import type { Tiktoken, TiktokenBPE } from 'js-tiktoken/lite' with { 'resolution-mode': 'import' };

// js-tiktoken ships CommonJS builds but only ESM type declarations: load the CJS build, typed.
/* eslint-disable @typescript-eslint/no-require-imports */
const loadTiktoken = (): Tiktoken => {
  const { Tiktoken: Encoder } = require('js-tiktoken/lite') as { Tiktoken: new (ranks: TiktokenBPE) => Tiktoken };
  const ranksModule = require('js-tiktoken/ranks/o200k_base') as TiktokenBPE & { default?: TiktokenBPE };
  const ranks = ranksModule.default ?? ranksModule;
  return new Encoder(ranks);
};
/* eslint-enable @typescript-eslint/no-require-imports */

let encoder: Tiktoken | null = null;

/** Tokens of `text` with OpenAI's o200k_base BPE (bundled ranks, works offline). Loaded on first use. */
export function tokens(text: string): number {
  encoder ??= loadTiktoken();
  return text ? encoder.encode(text).length : 0;
}
