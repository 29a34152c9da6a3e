import { verifyAuditChain } from '@sluice/audit';
import { declaredRoutes } from '../testing/declared-routes';
import { signIn, startAdminApiHarness, type AdminApiHarness, type SignedIn } from '../testing/admin-api-harness';
import { adminHostileCorpus } from './admin-hostile-corpus';

describe('hostile input against the admin API', () => {
  let h: AdminApiHarness;
  let session: SignedIn;

  beforeAll(async () => {
    h = await startAdminApiHarness();
    session = await signIn(h.app, h.adminEmail);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('answers every malformed or adversarial request to every route with problem+json, never 5xx, and keeps its data intact', async () => {
    const corpus = adminHostileCorpus(declaredRoutes());
    expect(corpus.length).toBeGreaterThanOrEqual(2000);
    if (process.env.HOSTILE_DEBUG) console.log(`corpus: ${corpus.length} requests`);
    const problems: string[] = [];
    let refused = 0;
    let accepted = 0;
    for (const request of corpus) {
      const res = await h.app.inject({
        method: request.method,
        url: request.url,
        headers: {
          cookie: session.cookie,
          'x-csrf-token': session.csrfToken,
          ...(request.body !== undefined ? { 'content-type': request.contentType ?? 'application/json' } : {}),
        },
        ...(request.body !== undefined ? { payload: request.body } : {}),
      });
      if (res.statusCode >= 500) problems.push(`${request.name}: ${res.statusCode} ${res.body.slice(0, 200)}`);
      else if (res.statusCode >= 400) {
        const body = (() => {
          try {
            return JSON.parse(res.body) as { type?: unknown; status?: unknown; title?: unknown };
          } catch {
            return null;
          }
        })();
        const problemJson = String(res.headers['content-type']).startsWith('application/problem+json') && typeof body?.type === 'string' && body.status === res.statusCode;
        // SCIM routes answer in the SCIM error format (RFC 7644 §3.12), which is their API's own.
        const scimError = request.url.startsWith('/scim/') && String(res.headers['content-type']).includes('scim+json');
        if (!problemJson && !scimError) problems.push(`${request.name}: ${res.statusCode} not problem+json: ${res.body.slice(0, 200)}`);
        else refused += 1;
        if (res.statusCode === 401 && !request.url.startsWith('/scim/')) session = await signIn(h.app, h.adminEmail);
      } else accepted += 1;
    }
    expect(problems).toEqual([]);

    const verification = await verifyAuditChain(h.dataSource, h.orgId);
    expect(verification.ok).toBe(true);
    const me = await h.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: session.cookie } });
    expect(me.statusCode).toBe(200);
    console.log(`${corpus.length.toLocaleString('en')} hostile requests to the admin API (${declaredRoutes().length} routes): ${refused} refused with problem+json, ${accepted} accepted as valid, 0 5xx; audit chain intact`);
  }, 600_000);
});
