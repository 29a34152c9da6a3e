import { creditCardDetector } from './credit-card.detector';
import { emailDetector } from './email.detector';
import { ibanDetector } from './iban.detector';
import { isValidIban } from './iban-check';
import { passesLuhn } from './luhn';
import { ukNinoDetector, usSsnDetector } from './national-id.detector';
import { phoneDetector } from './phone.detector';
import { secretDetectors } from './secret.detector';
import { ActiveDetector, findSpans } from '../scan/text-scanner';
import { Detector } from './detector';

function matchesOf(detectors: Detector | readonly Detector[], text: string): string[] {
  const list = (Array.isArray(detectors) ? detectors : [detectors]) as Detector[];
  const active: ActiveDetector[] = list.map((d) => ({ ...d, mode: 'redact' }));
  return findSpans(text, active).map((s) => text.slice(s.start, s.end));
}

describe('email', () => {
  it.each([
    ['write to jane.doe+news@example.co.uk today', 'jane.doe+news@example.co.uk'],
    ['<ops@acme.io>', 'ops@acme.io'],
    ['mail: A_B%c@sub.mail.example.com.', 'A_B%c@sub.mail.example.com'],
  ])('finds the address in %j', (text, expected) => {
    expect(matchesOf(emailDetector, text)).toEqual([expected]);
  });

  it.each([
    'npm i @sluice/guardrails@0.1.0',
    'install lodash@4.17.21',
    'git clone git@github.com:acme/repo.git',
    'use icon@2x.png for retina',
    'user@localhost',
    'ping @channel about it',
    String.raw`raw JSON "a\njane@example.com" (missed rather than breaking the escape)`,
  ])('ignores %j', (text) => {
    expect(matchesOf(emailDetector, text)).toEqual([]);
  });
});

describe('phone', () => {
  it.each([
    ['call +44 20 7946 0958 now', '+44 20 7946 0958'],
    ['E.164: +4915112345678', '+4915112345678'],
    ['US (555) 123-4567.', '(555) 123-4567'],
    ['US 555-123-4567', '555-123-4567'],
    ['intl +1 (202) 555-0143', '+1 (202) 555-0143'],
    ['FR 01 23 45 67 89', '01 23 45 67 89'],
    ['UK 020 7946 0958', '020 7946 0958'],
  ])('finds the number in %j', (text, expected) => {
    expect(matchesOf(phoneDetector, text)).toEqual([expected]);
  });

  it.each([
    'timestamp 1732550400000',
    'order 20241125000123',
    'order id ORD-2024-000123',
    'at 2024-01-15 10:30:00',
    'released 2024-01-15',
    'host 192.168.100.200',
    'version 10.4.2.1234',
    'uuid 550e8400-e29b-41d4-a716-446655440000',
    'total 1 000 000 000 units',
    'pi is 3.14159265358979',
    'range 1-2-3',
  ])('ignores %j', (text) => {
    expect(matchesOf(phoneDetector, text)).toEqual([]);
  });
});

describe('credit card', () => {
  it('implements Luhn', () => {
    expect(passesLuhn('4111111111111111')).toBe(true);
    expect(passesLuhn('4111111111111112')).toBe(false);
    expect(passesLuhn('79927398713')).toBe(true);
  });

  it.each([
    ['card 4111 1111 1111 1111 exp 12/28', '4111 1111 1111 1111'],
    ['card 4111-1111-1111-1111', '4111-1111-1111-1111'],
    ['card 5555555555554444', '5555555555554444'],
    ['amex 3782 822463 10005', '3782 822463 10005'],
    ['19 digits 6011000990139424 5 is not one, 6304000000000000', '6304000000000000'],
  ])('finds the number in %j', (text, expected) => {
    expect(matchesOf(creditCardDetector, text)).toEqual([expected]);
  });

  it.each([
    'card 4111 1111 1111 1112 (fails Luhn)',
    'timestamp 1732550400000 (starts with 1)',
    'id 9111111111111111',
    'zeros 0000 0000 0000 0000',
    'fours 4444 4444 4444 4444',
    'mixed 4111-1111 1111-1111',
    'uuid 41111111-1111-1111-1111-111111111111',
    'a 20-digit run 41111111111111111111',
    'amount 4111111111111111.50',
  ])('ignores %j', (text) => {
    expect(matchesOf(creditCardDetector, text)).toEqual([]);
  });
});

describe('IBAN', () => {
  it('implements the mod-97 check and the country lengths', () => {
    expect(isValidIban('DE89370400440532013000')).toBe(true);
    expect(isValidIban('DE89370400440532013001')).toBe(false);
    expect(isValidIban('DE8937040044053201300')).toBe(false);
    expect(isValidIban('XX89370400440532013000')).toBe(false);
  });

  it.each([
    ['pay DE89 3704 0044 0532 0130 00 today', 'DE89 3704 0044 0532 0130 00'],
    ['GB82WEST12345698765432.', 'GB82WEST12345698765432'],
    ['NO9386011117947', 'NO9386011117947'],
    ['FR14 2004 1010 0505 0001 3M02 606', 'FR14 2004 1010 0505 0001 3M02 606'],
  ])('finds the IBAN in %j', (text, expected) => {
    expect(matchesOf(ibanDetector, text)).toEqual([expected]);
  });

  it.each(['wrong checksum DE88 3704 0044 0532 0130 00', 'GB82 WEST 1234 5698 7654 33', 'SKU AB12CDEF34567890', 'lowercase is prose: de89 3704'])(
    'ignores %j',
    (text) => {
      expect(matchesOf(ibanDetector, text)).toEqual([]);
    },
  );
});

describe('national ids', () => {
  it('finds US SSNs outside the invalid ranges', () => {
    expect(matchesOf(usSsnDetector, 'ssn 123-45-6789 and 536 22 1034')).toEqual(['123-45-6789', '536 22 1034']);
    for (const invalid of ['000-12-3456', '666-12-3456', '912-34-5678', '123-00-4567', '123-45-0000', '078-05-1120', '123-45 6789', '1123-45-6789']) {
      expect(matchesOf(usSsnDetector, `x ${invalid} y`)).toEqual([]);
    }
    expect(matchesOf(usSsnDetector, 'bare 123456789 and date 2024-01-15')).toEqual([]);
  });

  it('finds UK National Insurance numbers', () => {
    expect(matchesOf(ukNinoDetector, 'NINO AB 12 34 56 C or CE123456D')).toEqual(['AB 12 34 56 C', 'CE123456D']);
    for (const invalid of ['GB123456A', 'QQ123456C', 'DA123456A', 'AO123456A', 'AB123456E', 'XAB123456A', 'ZZ123456A']) {
      expect(matchesOf(ukNinoDetector, `x ${invalid} y`)).toEqual([]);
    }
  });
});

describe('secrets', () => {
  const openai = 'sk-proj-' + 'aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY';
  const anthropic = 'sk-ant-api03-' + 'Zx8Cv7Bn6Mm5Aa4Ss3Dd2Ff1Gg0Hh9Jj8Kk7Ll-QqWwEe_RrTt';
  const sluice = 'sk-sluice-' + 'q1w2E3r4T5y6U7i8O9p0A1s2D3f4G5h6J7k8L9z0XcV';
  const pem = ['-----BEGIN RSA PRIVATE KEY-----', 'Proc-Type: 4,ENCRYPTED', 'MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun', 'VTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxK', '-----END RSA PRIVATE KEY-----'].join('\n');

  it.each([
    ['OpenAI', openai],
    ['Anthropic', anthropic],
    ['Sluice', sluice],
    ['AWS', 'AKIAIOSFODNN7EXAMPLE'],
    ['GitHub', 'ghp_' + 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8'],
    ['GitHub fine-grained', 'github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz'],
    ['Slack', 'xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx'],
    ['Google', 'AIzaSyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q'],
    ['PEM', pem],
    ['Bearer', 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.c2lnbmF0dXJl'],
  ])('finds a whole %s secret', (_name, secret) => {
    expect(matchesOf(secretDetectors, `key: ${secret} end`)).toEqual([secret]);
  });

  it('redacts a PEM key without an END line up to the blank line after its body', () => {
    const truncated = pem.split('\n').slice(0, 3).join('\n');
    expect(matchesOf(secretDetectors, `${truncated}\n\nthanks`)).toEqual([truncated]);
  });

  it('redacts a single-line PEM key (as in an env file)', () => {
    const oneLine = '-----BEGIN PRIVATE KEY-----MIIEvQIBADANBgkqhkiG9w0BAQEFAASC-----END PRIVATE KEY-----';
    expect(matchesOf(secretDetectors, `KEY="${oneLine}"`)).toEqual([oneLine]);
  });

  it('finds a key right after a JSON escape in raw tool-call arguments, without the escape', () => {
    const raw = String.raw`{"note":"line\n${openai}\tAKIAIOSFODNN7EXAMPLE"}`;
    expect(matchesOf(secretDetectors, raw)).toEqual([openai, 'AKIAIOSFODNN7EXAMPLE']);
  });

  it.each([
    'a task-management-system-for-everyone',
    'sk-learn is a typo of scikit-learn',
    'sk-this-is-a-long-hyphenated-phrase-of-words',
    'the word AKIAIOSFODNN7EXAMPL is one short',
    'ghp_short',
    'Bearer authentication-is-recommended-here',
    'Authorization: Bearer <token>',
    '-----BEGIN PUBLIC KEY-----',
    'xoxo hugs',
  ])('ignores %j', (text) => {
    expect(matchesOf(secretDetectors, text)).toEqual([]);
  });
});
