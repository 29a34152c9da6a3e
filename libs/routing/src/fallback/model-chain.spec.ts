import { modelChain } from './model-chain';

describe('modelChain', () => {
  it('puts the alias first, then its fallbacks in configured order', () => {
    expect(modelChain('gpt-4o', { 'gpt-4o': ['claude-sonnet', 'gemini-pro'] })).toEqual(['gpt-4o', 'claude-sonnet', 'gemini-pro']);
  });

  it('does not follow fallbacks of fallbacks and drops repeats', () => {
    const fallbacks = { a: ['b', 'a', 'b', 'c'], b: ['d'] };
    expect(modelChain('a', fallbacks)).toEqual(['a', 'b', 'c']);
    expect(modelChain('x', fallbacks)).toEqual(['x']);
  });
});
