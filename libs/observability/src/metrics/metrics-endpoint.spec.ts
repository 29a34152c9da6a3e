import { Counter } from 'prom-client';
import { loadMetricsEnv, metricsResponse } from './metrics-endpoint';
import { BoundedLabel, createServiceRegistry, statusClassOf } from './service-registry';

describe('metricsResponse', () => {
  const registry = createServiceRegistry();
  new Counter({ name: 'sluice_test_total', help: 'test', registers: [registry] }).inc(3);

  it('serves the Prometheus text format with default process metrics', async () => {
    const res = await metricsResponse(registry, undefined, undefined);
    expect(res.status).toBe(200);
    expect(res.contentType).toContain('text/plain');
    expect(res.body).toContain('sluice_test_total 3');
    expect(res.body).toContain('process_cpu_user_seconds_total');
  });

  it('with a token, answers only the matching bearer', async () => {
    const token = 'a-long-metrics-token';
    expect((await metricsResponse(registry, undefined, token)).status).toBe(401);
    expect((await metricsResponse(registry, 'Bearer wrong-token-of-same-len', token)).status).toBe(401);
    expect((await metricsResponse(registry, `Bearer ${token}`, token)).status).toBe(200);
  });

  it('METRICS_TOKEN is optional but must be long enough when set', () => {
    expect(loadMetricsEnv({})).toEqual({});
    expect(loadMetricsEnv({ METRICS_TOKEN: '' })).toEqual({});
    expect(() => loadMetricsEnv({ METRICS_TOKEN: 'short' })).toThrow();
  });
});

describe('label helpers', () => {
  it('status classes', () => {
    expect(statusClassOf(200)).toBe('2xx');
    expect(statusClassOf(429)).toBe('4xx');
    expect(statusClassOf(0)).toBe('other');
  });

  it('BoundedLabel keeps unknown and excess values out of the label set', () => {
    const label = new BoundedLabel(2);
    const known = (v: string) => v !== 'typo-model';
    expect(label.of('a', known)).toBe('a');
    expect(label.of('typo-model', known)).toBe('other');
    expect(label.of('b', known)).toBe('b');
    expect(label.of('c', known)).toBe('other');
    expect(label.of('a', known)).toBe('a');
    expect(label.of(null)).toBe('none');
  });
});
