import { analyzeBlockedRegex, guardrailPolicySchema } from '@sluice/contracts';

describe('guardrail policy schema', () => {
  it('defaults to everything off', () => {
    expect(guardrailPolicySchema.parse({})).toEqual({
      pii: { action: 'off', types: ['email', 'phone', 'credit_card', 'iban', 'national_id', 'secret'] },
      blockedTerms: { terms: [], regexes: [], action: 'block' },
      injection: { action: 'off', threshold: 0.5 },
      applyTo: { request: true, response: false },
    });
  });

  it('rejects unknown actions and PII types', () => {
    const result = guardrailPolicySchema.safeParse({ pii: { action: 'mask', types: ['email', 'dna'] }, injection: { action: 'deny' } });
    expect(result.success).toBe(false);
    const paths = result.error?.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['pii.action', 'pii.types.1', 'injection.action']));
  });

  it('rejects an out-of-range threshold and a non-positive maxPromptChars', () => {
    expect(guardrailPolicySchema.safeParse({ injection: { action: 'block', threshold: 1.5 } }).success).toBe(false);
    expect(guardrailPolicySchema.safeParse({ maxPromptChars: 0 }).success).toBe(false);
  });

  it('accepts bounded, linear-time regexes', () => {
    const policy = guardrailPolicySchema.parse({
      blockedTerms: { regexes: ['project\\s?(?:falcon|eagle)', 'ACME-\\d{4,8}', '(?<![a-z])codename [A-Z][a-z]{2,20}', '(?:ab){1,3}x'] },
    });
    expect(policy.blockedTerms.regexes).toHaveLength(4);
  });

  it.each([
    ['(unclosed', 'invalid regex'],
    ['[z-a]', 'invalid regex'],
    ['(a+)+$', 'unbounded quantifier'],
    ['secret.*password', 'unbounded quantifier'],
    ['\\d{3,}', 'unbounded quantifier'],
    ['(a{1,5}){1,5}', 'nested quantifier'],
    ['(?:a|aa){1,10}', 'nested quantifier'],
    ['(x)\\1', 'backreferences'],
    ['a{0,5}', 'empty string'],
    ['.{1,1000}.{1,1000}', 'too many ways'],
    ['a{2000}', 'above 1000'],
  ])('rejects %j (%s)', (source, reason) => {
    const result = guardrailPolicySchema.safeParse({ blockedTerms: { regexes: [source] } });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0].path).toEqual(['blockedTerms', 'regexes', 0]);
    expect(result.error?.issues[0].message).toContain(reason);
  });

  it('reports the longest match a regex can produce', () => {
    expect(analyzeBlockedRegex('ACME-\\d{4,8}')).toEqual({ ok: true, maxLength: 2 * (5 + 8) });
    expect(analyzeBlockedRegex('(?:foo|barbaz)x?')).toEqual({ ok: true, maxLength: 2 * 7 });
  });
});
