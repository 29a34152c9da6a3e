import { Problem } from '../errors/problem';
import { credentialHint, credentialPlaintext, parseCredentials, SECRET_SETTING_NAMES } from './provider-credentials';
import { createProviderSchema } from './provider.dto';

describe('provider credentials', () => {
  it('accepts {apiKey} for key-based types and seals the key itself (what the adapters read)', () => {
    for (const type of ['openai', 'azure-openai', 'anthropic', 'gemini', 'openai-compatible'] as const) {
      expect(credentialPlaintext(parseCredentials(type, { apiKey: ' sk-abc ' }))).toBe('sk-abc');
    }
  });

  it('seals Bedrock SigV4 keys as JSON and accepts a Bedrock API key', () => {
    const creds = parseCredentials('bedrock', { accessKeyId: 'AKIAEXAMPLE123456789', secretAccessKey: 's3cr3t', sessionToken: 'tok' });
    expect(JSON.parse(credentialPlaintext(creds))).toEqual({ accessKeyId: 'AKIAEXAMPLE123456789', secretAccessKey: 's3cr3t', sessionToken: 'tok' });
    expect(credentialPlaintext(parseCredentials('bedrock', { apiKey: 'ABSK-key' }))).toBe('ABSK-key');
  });

  it('refuses wrong shapes without echoing any value', () => {
    for (const [type, value] of [
      ['openai', { accessKeyId: 'AKIAEXAMPLE123456789', secretAccessKey: 'do-not-echo' }],
      ['anthropic', { apiKey: '' }],
      ['bedrock', { accessKeyId: 'short', secretAccessKey: 'do-not-echo' }],
      ['gemini', { apiKey: 'k', extra: 'do-not-echo' }],
    ] as const) {
      try {
        parseCredentials(type, value);
        throw new Error('expected a 400');
      } catch (error) {
        expect(error).toBeInstanceOf(Problem);
        expect(JSON.stringify((error as Problem).toBody())).not.toContain('do-not-echo');
      }
    }
  });

  it('hints at most the last 4 characters, and nothing for short secrets', () => {
    expect(credentialHint({ apiKey: 'sk-proj-0123456789abcdefWXYZ' })).toBe('…WXYZ');
    expect(credentialHint({ apiKey: 'short-key' })).toBe('…');
    expect(credentialHint({ accessKeyId: 'AKIAEXAMPLE123456789', secretAccessKey: 'secret-secret-secret' })).toBe('…6789');
  });

  it('keeps secrets out of settings', () => {
    for (const name of ['apiKey', 'api_key', 'secretAccessKey', 'sessionToken', 'clientSecret', 'password', 'Authorization']) expect(SECRET_SETTING_NAMES.test(name)).toBe(true);
    for (const name of ['apiVersion', 'region', 'authMode', 'deployment', 'chatPath']) expect(SECRET_SETTING_NAMES.test(name)).toBe(false);
    const parsed = createProviderSchema.safeParse({ name: 'p', type: 'bedrock', baseUrl: 'https://x.example', settings: { region: 'us-east-1', secretAccessKey: 'x' } });
    expect(parsed.success).toBe(false);
  });
});
