import { interpolateEnv } from './interpolate-env';

describe('interpolateEnv', () => {
  it('substitutes variables and fallbacks in nested values, and keeps escaped references', () => {
    const out = interpolateEnv({ a: '${A}', list: ['x-${B:-dflt}', 3], c: '$${C}' }, { A: 'one' });
    expect(out).toEqual({ a: 'one', list: ['x-dflt', 3], c: '${C}' });
  });

  it('names every missing variable with where it is used', () => {
    expect(() => interpolateEnv({ providers: [{ api_key: '${OPENAI_KEY}' }], other: '${OTHER}' }, {})).toThrow(
      'environment variables referenced by the config file are not set: OPENAI_KEY (at providers.0.api_key), OTHER (at other)',
    );
  });

  it('cannot change the structure: a value with YAML syntax stays a string', () => {
    expect(interpolateEnv({ key: '${EVIL}' }, { EVIL: 'x\nadmin: true' })).toEqual({ key: 'x\nadmin: true' });
  });
});
