import { gzipSync } from 'node:zlib';
import type { OpenAiChatCompletion } from '@sluice/contracts';
import { decodeCacheEntry, encodeCacheEntry, GZIP_THRESHOLD_BYTES } from './cache-entry';

const completion: OpenAiChatCompletion = {
  id: 'chatcmpl-1',
  object: 'chat.completion',
  created: 1_764_100_000,
  model: 'gpt-4o-mini-2024-07-18',
  choices: [{ index: 0, message: { role: 'assistant', content: 'Paris.' }, finish_reason: 'stop' }],
  usage: { prompt_tokens: 12, completion_tokens: 2, total_tokens: 14 },
};
const entry = { storedAt: 1_764_100_000_123, servedBy: { model: 'gpt-4o-mini', provider: 'openai', deployment: 'dep-1' }, completion };

describe('cache entries', () => {
  it('round-trip small entries as plain JSON', () => {
    const raw = encodeCacheEntry(entry);
    expect(raw.startsWith('j1:')).toBe(true);
    expect(decodeCacheEntry(raw)).toEqual(entry);
    expect(decodeCacheEntry(Buffer.from(raw))).toEqual(entry);
  });

  it('gzip large entries and still round-trip them', () => {
    const big = { ...entry, completion: { ...completion, choices: [{ ...completion.choices[0], message: { role: 'assistant' as const, content: 'Paris. '.repeat(2000) } }] } };
    const raw = encodeCacheEntry(big);
    expect(raw.startsWith('z1:')).toBe(true);
    expect(raw.length).toBeLessThan(GZIP_THRESHOLD_BYTES);
    expect(decodeCacheEntry(raw)).toEqual(big);
  });

  it('default the upstream fields to null', () => {
    expect(decodeCacheEntry(encodeCacheEntry({ storedAt: 1, servedBy: { model: 'm' }, completion }))?.servedBy).toEqual({ model: 'm', provider: null, deployment: null });
  });

  it('refuse to encode an invalid entry', () => {
    expect(() => encodeCacheEntry({ ...entry, completion: { ...completion, object: 'nope' } as unknown as OpenAiChatCompletion })).toThrow();
  });

  it.each([
    ['a missing value', null],
    ['an unknown format', '{"storedAt":1}'],
    ['truncated JSON', encodeCacheEntry(entry).slice(0, 40)],
    ['JSON of the wrong shape', 'j1:{"storedAt":"yesterday","servedBy":{},"completion":{}}'],
    ['broken gzip', 'z1:bm90IGd6aXA='],
    ['gzip of garbage', `z1:${gzipSync('not json').toString('base64')}`],
  ])('treat %s as a miss', (_name, raw) => {
    expect(decodeCacheEntry(raw)).toBeNull();
  });
});
