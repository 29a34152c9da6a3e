import { cosineSimilarity, embedText } from './embedding';
import { sampleFromSchema } from './json-from-schema';
import { generateReply, splitIntoChunks } from './reply';
import { estimateTokens } from './tokens';

describe('reply generation', () => {
  it('quotes the first 60 characters of the prompt, whitespace collapsed', () => {
    const prompt = `  ${'word '.repeat(30)}`;
    expect(generateReply(prompt).text).toBe(`Mock reply to: ${'word '.repeat(12).trim()}`);
  });

  it('produces exactly N tokens when asked, by option or by [mock-output-tokens=N] in the prompt', () => {
    expect(estimateTokens(generateReply('hi', { outputTokens: 37 }).text)).toBe(37);
    expect(estimateTokens(generateReply('hi [mock-output-tokens=12]').text)).toBe(12);
    expect(generateReply('hi', { outputTokens: 0 }).text).toBe('');
  });

  it('splits into chunks that join back to the text', () => {
    const text = '  Mock reply to: a verylongwordthatkeepsgoingandgoing end ';
    expect(splitIntoChunks(text).join('')).toBe(text);
    expect(Math.max(...splitIntoChunks(text).map((c) => c.length))).toBeLessThanOrEqual(16);
  });
});

describe('sampleFromSchema', () => {
  it('fills required and optional properties with type-appropriate values', () => {
    expect(
      sampleFromSchema({
        type: 'object',
        properties: {
          id: { type: 'string', format: 'uuid' },
          count: { type: 'integer', minimum: 3 },
          ratio: { type: 'number' },
          ok: { type: 'boolean' },
          kind: { enum: ['a', 'b'] },
          pick: { anyOf: [{ type: 'null' }, { type: 'string' }] },
          list: { type: 'array', items: { type: 'integer' }, minItems: 2 },
        },
        required: ['id', 'extra'],
      }),
    ).toEqual({ id: '00000000-0000-4000-8000-000000000000', count: 3, ratio: 1, ok: true, kind: 'a', pick: null, list: [1, 1], extra: 'mock extra' });
  });

  it('stops at a bounded depth on recursive references', () => {
    const tree = { $defs: { node: { type: 'object', properties: { child: { $ref: '#/$defs/node' } } } }, $ref: '#/$defs/node' };
    expect(() => JSON.stringify(sampleFromSchema(tree))).not.toThrow();
  });
});

describe('embedText', () => {
  it('is deterministic, unit-length and sized as asked', () => {
    const vector = embedText('hello world', 64);
    expect(vector).toHaveLength(64);
    expect(embedText('hello world', 64)).toEqual(vector);
    expect(cosineSimilarity(vector, vector)).toBeCloseTo(1, 6);
  });

  it('gives an empty string a valid vector', () => {
    expect(cosineSimilarity(embedText('', 32), embedText('', 32))).toBeCloseTo(1, 6);
  });
});
