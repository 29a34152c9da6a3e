import { tracingConfigFromEnv } from './tracing-env';

describe('tracingConfigFromEnv', () => {
  it('is off when no OTLP endpoint or exporter is configured', () => {
    expect(tracingConfigFromEnv('gateway', {}).enabled).toBe(false);
  });

  it('sends to <endpoint>/v1/traces when OTEL_EXPORTER_OTLP_ENDPOINT is set', () => {
    const config = tracingConfigFromEnv('gateway', { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' });
    expect(config).toEqual({ enabled: true, url: 'http://collector:4318/v1/traces', serviceName: 'gateway', sampleRatio: 1 });
  });

  it('prefers the traces endpoint, honours the service name and sampling ratio', () => {
    const config = tracingConfigFromEnv('worker', {
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a:4318',
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://b:4318/custom',
      OTEL_SERVICE_NAME: 'sluice-worker-eu',
      OTEL_TRACES_SAMPLER_ARG: '0.25',
    });
    expect(config).toEqual({ enabled: true, url: 'http://b:4318/custom', serviceName: 'sluice-worker-eu', sampleRatio: 0.25 });
  });

  it('OTEL_TRACES_EXPORTER=none turns tracing off; =otlp turns it on with the default URL', () => {
    expect(tracingConfigFromEnv('x', { OTEL_TRACES_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a:4318' }).enabled).toBe(false);
    expect(tracingConfigFromEnv('x', { OTEL_TRACES_EXPORTER: 'otlp' })).toMatchObject({ enabled: true, url: undefined });
  });

  it('rejects a malformed endpoint or ratio', () => {
    expect(() => tracingConfigFromEnv('x', { OTEL_EXPORTER_OTLP_ENDPOINT: 'not a url' })).toThrow();
    expect(() => tracingConfigFromEnv('x', { OTEL_TRACES_SAMPLER_ARG: '2' })).toThrow();
  });
});
