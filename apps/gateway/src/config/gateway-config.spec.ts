import { loadGatewayConfig } from './gateway-config';

describe('loadGatewayConfig', () => {
  it('takes --config from the command line in either form', () => {
    expect(loadGatewayConfig({}, ['--config', 'sluice.yaml']).SLUICE_CONFIG).toBe('sluice.yaml');
    expect(loadGatewayConfig({}, ['--config=/etc/sluice.yaml']).SLUICE_CONFIG).toBe('/etc/sluice.yaml');
  });

  it('needs a database or a config file', () => {
    expect(() => loadGatewayConfig({}, [])).toThrow(/DATABASE_URL \(unset\): set DATABASE_URL, or SLUICE_CONFIG/);
    expect(loadGatewayConfig({ DATABASE_URL: 'postgres://localhost/sluice' }, []).DATABASE_URL).toBe('postgres://localhost/sluice');
  });
});

describe('loadGatewayConfig: Redis', () => {
  it('uses the local Redis by default with a database, and no Redis in standalone mode unless REDIS_URL is set', () => {
    expect(loadGatewayConfig({ DATABASE_URL: 'postgres://localhost/sluice' }, []).REDIS_URL).toBe('redis://127.0.0.1:6379');
    expect(loadGatewayConfig({}, ['--config', 'sluice.yaml']).REDIS_URL).toBeUndefined();
    expect(loadGatewayConfig({ REDIS_URL: 'redis://cache:6379' }, ['--config', 'sluice.yaml']).REDIS_URL).toBe('redis://cache:6379');
    expect(() => loadGatewayConfig({ REDIS_URL: 'http://cache' }, ['--config', 'sluice.yaml'])).toThrow(/REDIS_URL/);
  });
});

describe('loadGatewayConfig: load shedding', () => {
  const standalone = ['--config', 'sluice.yaml'];

  it('has no bound on requests in flight unless GATEWAY_MAX_IN_FLIGHT sets one', () => {
    expect(loadGatewayConfig({}, standalone).GATEWAY_MAX_IN_FLIGHT).toBe(0);
    expect(loadGatewayConfig({ GATEWAY_MAX_IN_FLIGHT: '' }, standalone).GATEWAY_MAX_IN_FLIGHT).toBe(0);
    expect(loadGatewayConfig({ GATEWAY_MAX_IN_FLIGHT: '2000' }, standalone).GATEWAY_MAX_IN_FLIGHT).toBe(2000);
  });

  it('refuses a bound that is not a whole number of requests, naming the variable', () => {
    for (const bad of ['-1', '1.5', 'many']) expect(() => loadGatewayConfig({ GATEWAY_MAX_IN_FLIGHT: bad }, standalone)).toThrow(/GATEWAY_MAX_IN_FLIGHT/);
  });
});
