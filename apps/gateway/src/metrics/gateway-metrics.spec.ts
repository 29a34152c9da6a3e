import { configSnapshotSchema, type UsageEvent } from '@sluice/contracts';
import { parsePrometheusText, sumSamples } from '@sluice/observability';
import { CompiledSnapshot } from '../snapshot/compiled-snapshot';
import { SnapshotStore } from '../snapshot/snapshot-store';
import { GatewayMetrics } from './gateway-metrics';

const event = (overrides: Partial<UsageEvent> = {}): UsageEvent => ({
  eventId: '5b1f8c1e-93d4-4a8e-9d7e-0f4f8f1f2a3b',
  requestId: 'r1',
  occurredAt: new Date().toISOString(),
  orgId: '7d3c5a2e-0c1f-4f7a-9a53-1c8f7e0f2b11',
  teamId: null,
  apiKeyId: '0b9a4bd6-4c53-4d0f-8a7b-2f6c2c1b9e10',
  userId: null,
  endpoint: 'chat.completions',
  model: 'made-up-model-123',
  provider: 'mock',
  deploymentId: 'd1',
  status: 'success',
  httpStatus: 200,
  errorCode: null,
  promptTokens: 10,
  completionTokens: 5,
  cachedTokens: 0,
  costUsd: 0.002,
  latencyMs: 120,
  ttftMs: 40,
  stream: true,
  cacheStatus: 'miss',
  metadata: {},
  ...overrides,
});

async function samples(metrics: GatewayMetrics) {
  return parsePrometheusText(await metrics.registry.metrics());
}

describe('GatewayMetrics', () => {
  it('labels only catalog models (others are `other`) and never ids', async () => {
    const store = new SnapshotStore();
    const metrics = new GatewayMetrics(store, () => ({ pending: 3, spool: { batches: 2, bytes: 100 } }));
    metrics.requestFinished(event(), { admittedBy: 'redis' });
    const m = await samples(metrics);
    expect(sumSamples(m, 'sluice_gateway_requests_total', { model: 'other', provider: 'mock', status_class: '2xx', cache_status: 'miss' })).toBe(1);
    expect(m.some((s) => s.labels.model === 'made-up-model-123')).toBe(false);
    expect(m.some((s) => Object.values(s.labels).some((v) => v.includes('0b9a4bd6') || v.includes('7d3c5a2e')))).toBe(false);
    expect(sumSamples(m, 'sluice_gateway_tokens_total', { direction: 'input' })).toBe(10);
    expect(sumSamples(m, 'sluice_gateway_cost_usd_total')).toBeCloseTo(0.002, 9);
    expect(sumSamples(m, 'sluice_gateway_time_to_first_token_seconds_sum', { stream: 'true' })).toBeCloseTo(0.04, 6);
    expect(sumSamples(m, 'sluice_gateway_usage_spool_batches')).toBe(2);
    expect(sumSamples(m, 'sluice_gateway_usage_pending_events')).toBe(3);
  });

  it('counts limit decisions: admitted by limiter, limited by reason', async () => {
    const metrics = new GatewayMetrics(new SnapshotStore(), () => ({ pending: 0, spool: { batches: 0, bytes: 0 } }));
    metrics.requestFinished(event(), { admittedBy: 'local' });
    metrics.requestFinished(event({ httpStatus: 429, status: 'error', errorCode: 'budget_exceeded' }), { admittedBy: null });
    metrics.requestFinished(event({ httpStatus: 503, status: 'error', errorCode: 'governance_unavailable' }), { admittedBy: null });
    metrics.requestFinished(event(), { admittedBy: null });
    const m = await samples(metrics);
    expect(sumSamples(m, 'sluice_gateway_rate_limit_decisions_total', { decision: 'admitted', reason: 'local' })).toBe(1);
    expect(sumSamples(m, 'sluice_gateway_rate_limit_decisions_total', { decision: 'limited', reason: 'budget' })).toBe(1);
    expect(sumSamples(m, 'sluice_gateway_rate_limit_decisions_total', { decision: 'limited', reason: 'limits_unavailable' })).toBe(1);
    expect(sumSamples(m, 'sluice_gateway_rate_limit_decisions_total')).toBe(3);
    expect(sumSamples(m, 'sluice_gateway_errors_total', { code: 'budget_exceeded', status_class: '4xx' })).toBe(1);
  });

  it('follows the installed config snapshot version', async () => {
    const store = new SnapshotStore();
    const metrics = new GatewayMetrics(store, () => ({ pending: 0, spool: { batches: 0, bytes: 0 } }));
    store.replace(new CompiledSnapshot(configSnapshotSchema.parse({ version: 42, providers: [], models: [], deployments: [], keys: [] })));
    const m = await samples(metrics);
    expect(sumSamples(m, 'sluice_gateway_config_snapshot_version')).toBe(42);
    expect(sumSamples(m, 'sluice_gateway_config_snapshot_loaded_timestamp_seconds')).toBeGreaterThan(Date.now() / 1000 - 60);
  });
});
