import { ConfigError, DEV_KEY_PEPPER, parseEnv, receiveDeadlineServerOptions } from './env';
import { adminApiEnvSchema, gatewayEnvSchema, workerEnvSchema } from './app-env';

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

  it('takes the worker\'s usage ingest method as copy (default) or insert, and refuses anything else', () => {
    expect(parseEnv('worker', workerEnvSchema, base).USAGE_INGEST_METHOD).toBe('copy');
    expect(parseEnv('worker', workerEnvSchema, { ...base, USAGE_INGEST_METHOD: 'insert' }).USAGE_INGEST_METHOD).toBe('insert');
    expect(() => parseEnv('worker', workerEnvSchema, { ...base, USAGE_INGEST_METHOD: 'bulk' })).toThrow(/USAGE_INGEST_METHOD \("bulk"\)/);
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

  it('gives the gateway and the admin API a 30 s receive deadline by default, ≥ 1 s when set', () => {
    expect(parseEnv('gateway', gatewayEnvSchema, base).REQUEST_RECEIVE_TIMEOUT_MS).toBe(30_000);
    expect(parseEnv('admin-api', adminApiEnvSchema, { ...base, REQUEST_RECEIVE_TIMEOUT_MS: '5000' }).REQUEST_RECEIVE_TIMEOUT_MS).toBe(5000);
    expect(() => parseEnv('gateway', gatewayEnvSchema, { ...base, REQUEST_RECEIVE_TIMEOUT_MS: '10' })).toThrow(/REQUEST_RECEIVE_TIMEOUT_MS/);
  });
});

describe('receiveDeadlineServerOptions', () => {
  it('bounds headers and body by the deadline and checks every tenth of it, not every 30 s', () => {
    expect(receiveDeadlineServerOptions(30_000)).toEqual({ requestTimeout: 30_000, http: { requestTimeout: 30_000, headersTimeout: 30_000, connectionsCheckingInterval: 3000 } });
    expect(receiveDeadlineServerOptions(1000).http.connectionsCheckingInterval).toBe(100);
  });
});
