/**
 * infra/grafana/sluice-dashboard.json must only query series the services really export: every
 * metric name in every PromQL expression is looked up in the registries of the gateway, the admin
 * API and the worker (built as the apps build them).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Fastify from 'fastify';
import type { Registry } from 'prom-client';
import { AdminApiMetrics } from '../../apps/admin-api/src/metrics/admin-api-metrics';
import { GatewayMetrics } from '../../apps/gateway/src/metrics/gateway-metrics';
import { SnapshotStore } from '../../apps/gateway/src/snapshot/snapshot-store';
import { WorkerMetrics } from '../../apps/worker/src/metrics/worker-metrics';

interface Panel {
  type: string;
  title: string;
  targets?: Array<{ expr: string }>;
  panels?: Panel[];
}

const dashboard = JSON.parse(readFileSync(join(__dirname, '..', '..', 'infra', 'grafana', 'sluice-dashboard.json'), 'utf8')) as {
  uid: string;
  panels: Panel[];
  templating: { list: Array<{ name: string; query?: unknown; definition?: string }> };
};

/** Names as Prometheus exposes them: a histogram `x` is scraped as `x_bucket`, `x_sum`, `x_count`. */
async function exposedNames(registries: Registry[]): Promise<Set<string>> {
  const names = new Set<string>();
  for (const registry of registries) {
    for (const metric of await registry.getMetricsAsJSON()) {
      names.add(metric.name);
      if (String(metric.type) === 'histogram') for (const suffix of ['_bucket', '_sum', '_count']) names.add(metric.name + suffix);
    }
  }
  return names;
}

/** Metric names in a PromQL expression: identifiers of our prefixes, outside label matchers and strings. */
function metricNamesIn(expr: string): string[] {
  const withoutLabels = expr.replace(/\{[^}]*\}/g, '{}').replace(/"[^"]*"/g, '""');
  return [...withoutLabels.matchAll(/\b((?:sluice|process|nodejs)_[a-zA-Z0-9_]+)\b/g)].map((m) => m[1]);
}

function allPanels(panels: Panel[]): Panel[] {
  return panels.flatMap((p) => [p, ...allPanels(p.panels ?? [])]);
}

describe('Grafana dashboard', () => {
  let names: Set<string>;

  beforeAll(async () => {
    const gateway = new GatewayMetrics(new SnapshotStore(), () => ({ pending: 0, spool: { batches: 0, bytes: 0 } }));
    gateway.instrument(Fastify());
    const admin = new AdminApiMetrics();
    admin.instrument(Fastify());
    // No queues: the series are registered without a Redis connection.
    const worker = new WorkerMetrics(null as never, 'sluice', []);
    names = await exposedNames([gateway.registry, admin.registry, worker.registry]);
  });

  const panels = allPanels(dashboard.panels).filter((p) => p.type !== 'row');
  const expressions = panels.flatMap((p) => (p.targets ?? []).map((t) => ({ panel: p.title, expr: t.expr })));

  it('has panels for traffic, errors, latency, TTFT, upstream, cache, limits, cost, queues and config version', () => {
    expect(panels.length).toBeGreaterThanOrEqual(20);
    const all = expressions.map((e) => e.expr).join('\n');
    for (const series of [
      'sluice_gateway_requests_total',
      'sluice_gateway_request_duration_seconds_bucket',
      'sluice_gateway_time_to_first_token_seconds_bucket',
      'sluice_gateway_upstream_duration_seconds_bucket',
      'sluice_gateway_cache_requests_total',
      'sluice_gateway_rate_limit_decisions_total',
      'sluice_gateway_cost_usd_total',
      'sluice_gateway_tokens_total',
      'sluice_gateway_config_snapshot_version',
      'sluice_worker_queue_jobs',
      'sluice_worker_queue_lag_seconds',
    ]) {
      expect(all).toContain(series);
    }
  });

  it('every expression names at least one metric, and only metrics the services register', () => {
    const unknown: string[] = [];
    for (const { panel, expr } of expressions) {
      const used = metricNamesIn(expr);
      expect(used.length).toBeGreaterThan(0);
      for (const name of used) if (!names.has(name)) unknown.push(`${panel}: ${name}`);
    }
    expect(unknown).toEqual([]);
  });

  it('the metric-name check would catch a typo', () => {
    expect(names.has('sluice_gateway_requests_total')).toBe(true);
    expect(names.has('sluice_gateway_request_total')).toBe(false);
    expect(metricNamesIn('sum by (le) (rate(sluice_gateway_request_total{model="sluice_fake"}[5m]))')).toEqual(['sluice_gateway_request_total']);
  });

  it('uses a datasource variable (no hard-coded datasource uid) and unique panel ids', () => {
    expect(dashboard.templating.list.some((v) => v.name === 'datasource')).toBe(true);
    const raw = JSON.stringify(dashboard.panels);
    const uids = [...raw.matchAll(/"uid":"([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(uids)).toEqual(new Set(['${datasource}']));
    const ids = allPanels(dashboard.panels).map((p) => (p as { id?: number }).id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
