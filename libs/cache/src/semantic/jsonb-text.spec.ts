import { jsonbText } from './jsonb-text';

describe('jsonbText', () => {
  it('is JSON.stringify for values without U+0000', () => {
    const value = { a: 'x\\u0000 as six characters stays', b: [1, 'two'], c: null };
    expect(jsonbText(value)).toBe(JSON.stringify(value));
  });

  it('replaces a lone surrogate and keeps whole pairs', () => {
    expect(JSON.parse(jsonbText({ content: '\ud83d\ude00 and \ud83d' }))).toEqual({ content: '\ud83d\ude00 and \uFFFD' });
  });

  it('replaces U+0000 in every string value, however deep, and nothing else', () => {
    expect(JSON.parse(jsonbText({ choices: [{ message: { content: 'a\u0000b\u0000' } }], n: 0 }))).toEqual({ choices: [{ message: { content: 'a\uFFFDb\uFFFD' } }], n: 0 });
  });
});
