import { ConfigError, DEV_KEY_PEPPER, parseEnv } from './env';
import { gatewayEnvSchema, workerEnvSchema } from './app-env';

describe('parseEnv', () => {
  const base = { DATABASE_URL: 'postgres://u@localhost/db' };

  it('applies defaults and coerces numbers', () => {
    const cfg = parseEnv('gateway', gatewayEnvSchema, { ...base, GATEWAY_PORT: '4555' });
    expect(cfg.GATEWAY_PORT).toBe(4555);
    // The gateway's REDIS_URL has no schema default: standalone without Redis leaves it unset, and
    // loadGatewayConfig defaults it when a database is used. The other services default it here.
    expect(cfg.REDIS_URL).toBeUndefined();
    expect(parseEnv('worker', workerEnvSchema, { DATABASE_URL: 'postgres://localhost/x' }).REDIS_URL).toBe('redis://127.0.0.1:6379');
    expect(cfg.QUEUE_PREFIX).toBe('sluice');
    expect(cfg.NODE_ENV).toBe('development');
  });

  it('names every invalid variable and hides secret values', () => {
    const run = () =>
      parseEnv('gateway', gatewayEnvSchema, { DATABASE_URL: 'mysql://x', GATEWAY_PORT: 'abc', SLUICE_KEY_PEPPER: 'short' });
    expect(run).toThrow(ConfigError);
    try {
      run();
    } catch (err) {
      const message = (err as Error).message;
      expect(message).toContain('Invalid configuration for gateway');
      expect(message).toContain('GATEWAY_PORT ("abc")');
      expect(message).toContain('DATABASE_URL (set (hidden))');
      expect(message).toContain('SLUICE_KEY_PEPPER (set (hidden))');
      expect(message).not.toContain('short');
    }
  });

  it('reports a missing required variable as unset', () => {
    expect(() => parseEnv('worker', workerEnvSchema, {})).toThrow(/DATABASE_URL \(unset\)/);
  });

  it('refuses the demo pepper in production but accepts it in development', () => {
    expect(() => parseEnv('gateway', gatewayEnvSchema, { ...base, NODE_ENV: 'production' })).toThrow(
      /SLUICE_KEY_PEPPER.*demo default is refused in production/,
    );
    expect(parseEnv('gateway', gatewayEnvSchema, { ...base }).SLUICE_KEY_PEPPER).toBe(DEV_KEY_PEPPER);
    expect(
      parseEnv('gateway', gatewayEnvSchema, { ...base, NODE_ENV: 'production', SLUICE_KEY_PEPPER: 'a-real-secret-of-some-length' }).NODE_ENV,
    ).toBe('production');
  });
});
