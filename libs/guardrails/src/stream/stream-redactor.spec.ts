import { compileGuardrails } from '../compile-guardrails';
import { GuardrailStreamRedactor } from '../guardrail-result';

const CARD = '4111 1111 1111 1111';
const KEY = 'sk-sluice-q1w2E3r4T5y6U7i8O9p0A1s2D3f4G5h6J7k8L9z0XcV';
const checker = compileGuardrails({ pii: { action: 'redact' }, blockedTerms: { terms: ['falcon'], action: 'redact' }, applyTo: { response: true } });

function streamThrough(redactor: GuardrailStreamRedactor, chunks: string[]): string {
  return chunks.map((c) => redactor.push(c)).join('') + redactor.flush();
}

describe('StreamRedactor', () => {
  const text = `Card ${CARD} and key ${KEY} for falcon.`;
  const expected = 'Card [REDACTED_CREDIT_CARD] and key [REDACTED_SECRET] for [REDACTED_TERM].';

  it('redacts a card number and a key split at every possible chunk boundary', () => {
    for (let i = 0; i <= text.length; i++) {
      for (const j of [i, Math.min(text.length, i + 1), Math.min(text.length, i + 7)]) {
        const redactor = checker.createStreamRedactor();
        expect(streamThrough(redactor, [text.slice(0, i), text.slice(i, j), text.slice(j)])).toBe(expected);
      }
    }
  });

  it('redacts a stream delivered one character at a time and counts each match once', () => {
    const redactor = checker.createStreamRedactor();
    expect(streamThrough(redactor, [...text])).toBe(expected);
    expect(redactor.actions()).toEqual(
      expect.arrayContaining([
        { rule: 'pii.credit_card', action: 'redact', count: 1 },
        { rule: 'pii.secret', action: 'redact', count: 1 },
        { rule: 'blocked_term', action: 'redact', count: 1 },
      ]),
    );
    expect(redactor.blocked).toBe(false);
  });

  it('emits ordinary text with little delay and never emits a partial key', () => {
    const redactor = checker.createStreamRedactor();
    const prose = 'The quick brown fox jumps over the lazy dog. '.repeat(20);
    const emitted = redactor.push(prose);
    // Only the longest non-anchored match (an email address) is held back.
    expect(emitted.length).toBeGreaterThan(prose.length - 450);
    expect(prose.startsWith(emitted)).toBe(true);
    const partial = redactor.push(KEY.slice(0, 20));
    expect(partial).not.toContain('sk-');
    expect(emitted + partial + redactor.push(KEY.slice(20) + ' done') + redactor.flush()).toBe(`${prose}[REDACTED_SECRET] done`);
  });

  it('holds back only until an anchored secret is complete', () => {
    const keyOnly = compileGuardrails({ pii: { action: 'redact', types: ['secret'] }, applyTo: { response: true } }).createStreamRedactor();
    expect(keyOnly.push('hello world, ')).toBe('hello world, ');
    expect(keyOnly.push('here: sk')).toBe('here: ');
    expect(keyOnly.push('-')).toBe('');
    expect(keyOnly.push('x')).toBe('');
    expect(keyOnly.flush()).toBe('sk-x');
  });

  it('sees the left context of a chunk so a word boundary is respected', () => {
    const terms = compileGuardrails({ blockedTerms: { terms: ['falcon'], action: 'redact' }, applyTo: { response: true } });
    const redactor = terms.createStreamRedactor();
    expect(streamThrough(redactor, ['the pere', 'grine ', 'fal', 'con', 'ry club and the falcon'])).toBe(
      'the peregrine falconry club and the [REDACTED_TERM]',
    );
    expect(streamThrough(terms.createStreamRedactor(), ['sub', 'falcon falcon'])).toBe('subfalcon [REDACTED_TERM]');
  });

  it('reports a block-mode match so the gateway can end the stream', () => {
    const redactor = compileGuardrails({ blockedTerms: { terms: ['falcon'] }, applyTo: { response: true } }).createStreamRedactor();
    expect(streamThrough(redactor, ['project fal', 'con'])).toBe('project [REDACTED_TERM]');
    expect(redactor.blocked).toBe(true);
    expect(redactor.actions()).toEqual([{ rule: 'blocked_term', action: 'block', count: 1 }]);
  });

  it('passes chunks through untouched when the policy does not apply to responses', () => {
    const redactor = compileGuardrails({ pii: { action: 'redact' } }).createStreamRedactor();
    expect(redactor.push(CARD)).toBe(CARD);
    expect(redactor.flush()).toBe('');
  });
});
