import { OpenAiChatRequest } from '@sluice/contracts';
import { compileGuardrails } from './compile-guardrails';

/**
 * 1 MB inputs shaped to make a backtracking regex engine explode (long runs of what a pattern accepts,
 * with the terminator missing). Every pattern is bounded or anchored, so each of these is a linear scan;
 * a catastrophic pattern would hang here until the Jest timeout.
 */
const MB = 1 << 20;
const fill = (unit: string): string => unit.repeat(Math.ceil(MB / unit.length)).slice(0, MB);

const INPUTS: Record<string, string> = {
  digits: fill('4'),
  'digits and spaces': fill('4111 '),
  'dashed digits': fill('12-'),
  'phone-ish': fill('+1 (2'),
  'email local part': fill('a.'),
  'at signs': fill('a@b.'),
  'IBAN-ish': fill('DE89 3704 '),
  'key prefixes': fill('sk-'),
  'key body without end': 'sk-' + fill('a1B'),
  'pem header repeated': fill('-----BEGIN RSA PRIVATE KEY-----\n'),
  'bearer repeated': fill('Bearer a1 '),
  'ignore instructions words': fill('ignore all previous '),
  'base64 blob': fill('QUJD'),
  'invisible characters': fill('\u200b'),
  'word characters': fill('falconx'),
};

const checker = compileGuardrails({
  pii: { action: 'redact' },
  blockedTerms: { terms: ['falcon', 'project falcon'], regexes: ['codename [a-z]{1,30}', 'ACME-\\d{4,8}'], action: 'redact' },
  injection: { action: 'flag' },
  applyTo: { request: true, response: true },
});

describe('adversarial 1 MB inputs', () => {
  it.each(Object.keys(INPUTS))('checks a request made of %s', (name) => {
    const text = INPUTS[name];
    const request: OpenAiChatRequest = { model: 'm', messages: [{ role: 'user', content: text }] };
    const result = checker.checkRequest(request);
    expect(result.decision).toBe('allow');
    expect(typeof result.request.messages[0].content).toBe('string');
  });

  it.each(['digits and spaces', 'key body without end', 'email local part', 'pem header repeated'])('streams %s in 4 KB chunks', (name) => {
    const text = INPUTS[name];
    const redactor = checker.createStreamRedactor();
    let out = '';
    for (let i = 0; i < text.length; i += 4096) out += redactor.push(text.slice(i, i + 4096));
    out += redactor.flush();
    expect(out.length).toBeGreaterThan(0);
  });
});
