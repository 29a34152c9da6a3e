import { canonicalJson, type JsonValue } from './canonical-json';

describe('canonicalJson (RFC 8785)', () => {
  it('sorts keys recursively and emits no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: null, y: true }], c: 'x' } })).toBe('{"a":{"c":"x","d":[3,{"y":true,"z":null}]},"b":1}');
  });

  it('orders keys by UTF-16 code units (RFC 8785 §3.2.3 example)', () => {
    const input: Record<string, JsonValue> = { '\u20ac': 'Euro Sign', '\r': 'Carriage Return', '\ufb33': 'Hebrew Letter Dalet With Dagesh', '1': 'One', '\ud83d\ude00': 'Emoji: Grinning Face', '\u0080': 'Control', '\u00f6': 'Latin Small Letter O With Diaeresis' };
    expect(canonicalJson(input)).toBe(
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis","\u20ac":"Euro Sign","\ud83d\ude00":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    );
  });

  it('serialises numbers like ECMAScript (RFC 8785 §3.2.2.3)', () => {
    expect(canonicalJson([1e21, 1e-7, 0.1, -0, 333333333.3333333, 4.5, 2e-3, 1e23])).toBe('[1e+21,1e-7,0.1,0,333333333.3333333,4.5,0.002,1e+23]');
  });

  it('escapes strings minimally', () => {
    expect(canonicalJson('a"\\\n\u0001é€')).toBe('"a\\"\\\\\\n\\u0001é€"');
  });

  it('is independent of insertion order', () => {
    expect(canonicalJson({ x: 1, y: 2 })).toBe(canonicalJson({ y: 2, x: 1 }));
  });

  it('refuses values JSON cannot represent', () => {
    expect(() => canonicalJson(Number.NaN)).toThrow(/non-finite/);
    expect(() => canonicalJson({ a: undefined } as unknown as JsonValue)).toThrow(/undefined/);
    expect(() => canonicalJson(new Date() as unknown as JsonValue)).toThrow(/plain objects/);
  });
});
