import { startAdminApiHarness, type AdminApiHarness } from '../testing/admin-api-harness';

describe('API documentation routes', () => {
  let h: AdminApiHarness;
  beforeAll(async () => {
    h = await startAdminApiHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('serves the OpenAPI document without a session', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/api/docs/openapi.json' });
    expect(res.statusCode).toBe(200);
    const document = res.json<{ openapi: string; paths: Record<string, Record<string, { operationId: string }>> }>();
    expect(document.openapi).toBe('3.1.0');
    expect(document.paths['/api/v1/api-keys/{id}/revoke']?.post?.operationId).toBeDefined();
  });

  it('serves the Swagger UI page and its assets from local files', async () => {
    const page = await h.app.inject({ method: 'GET', url: '/api/docs' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('/api/docs/assets/swagger-ui-bundle.js');
    const bundle = await h.app.inject({ method: 'GET', url: '/api/docs/assets/swagger-ui-bundle.js' });
    expect(bundle.statusCode).toBe(200);
    expect(bundle.headers['content-type']).toContain('javascript');
    expect(bundle.body.length).toBeGreaterThan(100_000);
  });

  it('answers an unknown asset with a problem, never a file outside the whitelist', async () => {
    for (const file of ['package.json', '..%2F..%2Fpackage.json', 'index.html']) {
      const res = await h.app.inject({ method: 'GET', url: `/api/docs/assets/${file}` });
      expect(res.statusCode).toBe(404);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
  });
});
