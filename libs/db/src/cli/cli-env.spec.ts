import { randomBytes } from 'node:crypto';
import { ConfigError, parseEnv } from '@sluice/contracts';
import { mockProviderBaseUrls } from '../seed/seed-demo';
import { migrateEnvSchema, seedEnvSchema } from './cli-env';

const DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/sluice';

describe('seedEnvSchema', () => {
  it('needs only DATABASE_URL in development', () => {
    const env = parseEnv('seed', seedEnvSchema, { DATABASE_URL });
    expect(env).toMatchObject({ DATABASE_URL, NODE_ENV: 'development', SLUICE_KEK_PREVIOUS: [] });
    expect(env.SLUICE_ADMIN_EMAIL).toBeUndefined();
    expect(env.SLUICE_DEMO_API_KEY).toBeUndefined();
  });

  it('rejects a demo key that does not look like a Sluice key, and a short admin password', () => {
    expect(() => parseEnv('seed', seedEnvSchema, { DATABASE_URL, SLUICE_DEMO_API_KEY: 'sk-123' })).toThrow(/SLUICE_DEMO_API_KEY/);
    expect(() => parseEnv('seed', seedEnvSchema, { DATABASE_URL, SLUICE_ADMIN_PASSWORD: 'short' })).toThrow(/SLUICE_ADMIN_PASSWORD/);
  });

  it('refuses the demo pepper and KEK in production', () => {
    const error = (() => {
      try {
        parseEnv('seed', seedEnvSchema, { DATABASE_URL, NODE_ENV: 'production' });
      } catch (err) {
        return err;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(/SLUICE_KEY_PEPPER/);
    expect((error as Error).message).toMatch(/SLUICE_KEK/);
    const env = parseEnv('seed', seedEnvSchema, {
      DATABASE_URL,
      NODE_ENV: 'production',
      SLUICE_KEY_PEPPER: randomBytes(24).toString('hex'),
      SLUICE_KEK: randomBytes(32).toString('base64'),
    });
    expect(env.NODE_ENV).toBe('production');
  });
});

describe('migrateEnvSchema', () => {
  it('requires a postgres URL', () => {
    expect(() => parseEnv('migrate', migrateEnvSchema, {})).toThrow(/DATABASE_URL/);
    expect(() => parseEnv('migrate', migrateEnvSchema, { DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
  });
});

describe('mockProviderBaseUrls', () => {
  it.each(['http://127.0.0.1:4300', 'http://127.0.0.1:4300/', 'http://127.0.0.1:4300/v1', 'http://127.0.0.1:4300/v1/'])('accepts %s', (url) => {
    expect(mockProviderBaseUrls(url)).toEqual({ 'mock-openai': 'http://127.0.0.1:4300/v1', 'mock-anthropic': 'http://127.0.0.1:4300' });
  });
});
