import { interpolateEnv } from './interpolate-env';

describe('interpolateEnv', () => {
  it('substitutes variables and fallbacks, and keeps escaped references', () => {
    const out = interpolateEnv('a: ${A}\nb: ${B:-dflt}\nc: $${C}', { A: 'one' });
    expect(out).toBe('a: one\nb: dflt\nc: ${C}');
  });

  it('names every missing variable with its line', () => {
    expect(() => interpolateEnv('x: 1\nkey: ${OPENAI_KEY}\nother: ${OTHER}', {})).toThrow(
      'environment variables referenced by the config file are not set: OPENAI_KEY (line 2), OTHER (line 3)',
    );
  });
});
