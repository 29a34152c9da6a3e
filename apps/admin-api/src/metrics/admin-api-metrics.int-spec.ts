import { parsePrometheusText, sumSamples } from '@sluice/observability';
import { signIn, startAdminApiHarness, type AdminApiHarness } from '../testing/admin-api-harness';

describe('admin API /metrics (real Postgres + Redis)', () => {
  let h: AdminApiHarness;

  beforeAll(async () => {
    h = await startAdminApiHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('counts requests by route pattern, method and status class, with latency histograms and process metrics', async () => {
    const admin = await signIn(h.app, h.adminEmail);
    for (let i = 0; i < 3; i++) expect((await h.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: admin.cookie } })).statusCode).toBe(200);
    expect((await h.app.inject({ method: 'GET', url: '/api/v1/auth/me' })).statusCode).toBe(401);
    const teamUrl = `/api/v1/teams/${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}`;
    expect((await h.app.inject({ method: 'GET', url: teamUrl, headers: { cookie: admin.cookie } })).statusCode).toBe(404);
    expect((await h.app.inject({ method: 'GET', url: '/api/v1/no-such-route' })).statusCode).toBe(404);

    const res = await h.app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    const m = parsePrometheusText(res.body);
    expect(sumSamples(m, 'sluice_admin_api_http_requests_total', { route: '/api/v1/auth/me', method: 'GET', status_class: '2xx' })).toBe(3);
    expect(sumSamples(m, 'sluice_admin_api_http_requests_total', { route: '/api/v1/auth/me', method: 'GET', status_class: '4xx' })).toBe(1);
    expect(sumSamples(m, 'sluice_admin_api_http_requests_total', { route: '/api/v1/auth/login', method: 'POST', status_class: '2xx' })).toBe(1);
    // A path with an id is counted under its route pattern.
    expect(sumSamples(m, 'sluice_admin_api_http_requests_total', { route: '/api/v1/teams/:id', method: 'GET', status_class: '4xx' })).toBe(1);
    // Unknown paths share one label value; ids in paths never become label values.
    expect(sumSamples(m, 'sluice_admin_api_http_requests_total', { route: 'unmatched', status_class: '4xx' })).toBe(1);
    expect(m.some((s) => Object.values(s.labels).some((v) => v.includes('00000000-0000'))))
      .toBe(false);
    expect(sumSamples(m, 'sluice_admin_api_http_request_duration_seconds_count', { route: '/api/v1/auth/me' })).toBe(4);
    expect(sumSamples(m, 'sluice_admin_api_http_requests_in_flight')).toBe(0);
    // The scrape itself and probes are not counted.
    expect(m.some((s) => s.labels.route === '/metrics')).toBe(false);
    expect(m.some((s) => s.name === 'process_resident_memory_bytes')).toBe(true);
  });
});
