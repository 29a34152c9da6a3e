import { randomBytes } from 'node:crypto';
import { waitFor } from '@sluice/testing';
import { SecurityStack, type Session } from '../testing/security-stack';

const SERVER = 2; // OTLP SpanKind SERVER

describe('admin API request tracing (admin API process, OTLP receiver, real Postgres + Redis)', () => {
  let stack: SecurityStack;
  let admin: Session;
  const password = `pw-${randomBytes(12).toString('hex')}`;

  beforeAll(async () => {
    stack = await SecurityStack.start({ adminPassword: password, gateway: false });
    admin = await stack.signIn(stack.adminEmail, password);
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
  });

  it('continues the caller’s trace with a server span named by route pattern; the query string is never recorded', async () => {
    const traceId = randomBytes(16).toString('hex');
    const parentId = randomBytes(8).toString('hex');
    const res = await stack.admin(admin, 'GET', '/api/v1/auth/me?search=needle-in-query', undefined, { traceparent: `00-${traceId}-${parentId}-01` });
    expect(res.status).toBe(200);

    const span = await waitFor(async () => stack.otlp.spans.find((s) => s.traceId === traceId), { what: 'the request span', timeoutMs: 15_000 });
    expect(span).toMatchObject({
      name: 'GET /api/v1/auth/me',
      kind: SERVER,
      parentSpanId: parentId,
      serviceName: 'sluice-admin-api',
      attributes: expect.objectContaining({ 'http.request.method': 'GET', 'http.route': '/api/v1/auth/me', 'url.path': '/api/v1/auth/me', 'http.response.status_code': 200 }),
    });
    expect(JSON.stringify(stack.otlp.spans)).not.toContain('needle-in-query');
  });

  it('names a span with an id by its pattern, records failures’ status, and leaves probes and the password out', async () => {
    const traceId = randomBytes(16).toString('hex');
    const res = await stack.admin(admin, 'GET', `/api/v1/teams/${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}`, undefined, { traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` });
    expect(res.status).toBe(404);
    const span = await waitFor(async () => stack.otlp.spans.find((s) => s.traceId === traceId), { what: 'the 404 span', timeoutMs: 15_000 });
    expect(span.name).toBe('GET /api/v1/teams/:id');
    expect(span.attributes['http.response.status_code']).toBe(404);

    await waitFor(async () => stack.otlp.spans.find((s) => s.name === 'POST /api/v1/auth/login'), { what: 'the sign-in span', timeoutMs: 15_000 });
    expect((await fetch(`${stack.adminApi.url}/health/ready`)).status).toBe(200);
    const spans = JSON.stringify(stack.otlp.spans);
    expect(spans).not.toContain(password);
    expect(spans).not.toContain('/health/');
  });
});
