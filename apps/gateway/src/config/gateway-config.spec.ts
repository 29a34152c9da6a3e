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
