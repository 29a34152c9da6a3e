import { createUser, signIn, startAdminApiHarness, type AdminApiHarness, type SignedIn } from '../../testing/admin-api-harness';

const METADATA = (cert: string) => `<?xml version="1.0"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="https://idp.example.com/saml">
  <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>${cert}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://idp.example.com/sso"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>`;

describe('SSO connections admin API (real Postgres + Redis)', () => {
  let h: AdminApiHarness;
  let admin: SignedIn;
  const call = (s: SignedIn, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: Record<string, unknown>) =>
    h.app.inject({ method, url, headers: { cookie: s.cookie, 'x-csrf-token': s.csrfToken }, ...(payload ? { payload } : {}) });

  beforeAll(async () => {
    h = await startAdminApiHarness();
    admin = await signIn(h.app, h.adminEmail);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('creates an OIDC connection; the client secret is sealed at rest and never returned', async () => {
    const res = await call(admin, 'POST', '/api/v1/sso/connections', { type: 'oidc', name: 'Okta', issuer: 'https://acme.okta.example', clientId: 'cid', clientSecret: 'super-secret-value' });
    expect(res.statusCode).toBe(201);
    const view = res.json() as Record<string, unknown>;
    expect(view).toMatchObject({ type: 'oidc', name: 'Okta', enabled: true, hasClientSecret: true, redirectUri: `http://localhost:3000/api/v1/auth/sso/oidc/${String(view.id)}/callback` });
    expect(JSON.stringify(view)).not.toContain('super-secret-value');
    const [row] = (await h.dataSource.query('SELECT client_secret_sealed FROM sso_connections WHERE id = $1', [view.id])) as Array<{ client_secret_sealed: Buffer }>;
    expect(row.client_secret_sealed.toString('latin1')).not.toContain('super-secret-value');
    const audit = (await h.dataSource.query(`SELECT after FROM audit_events WHERE action = 'sso.connection_created'`)) as Array<{ after: unknown }>;
    expect(JSON.stringify(audit)).not.toContain('super-secret-value');

    const patched = await call(admin, 'PATCH', `/api/v1/sso/connections/${String(view.id)}`, { enabled: false, scopes: ['openid', 'email'] });
    expect(patched.json()).toMatchObject({ enabled: false, settings: { scopes: ['openid', 'email'] } });
    expect((await call(admin, 'PATCH', `/api/v1/sso/connections/${String(view.id)}`, { allowSha1: true })).statusCode).toBe(400);
    expect((await h.app.inject({ method: 'GET', url: '/api/v1/auth/sso/discover?org=acme' })).json()).toMatchObject({ connections: [] });
  });

  it('imports SAML IdP settings from metadata XML; allowIdpInitiated and allowSha1 default to false', async () => {
    const cert = `MII${'B'.repeat(300)}`;
    const res = await call(admin, 'POST', '/api/v1/sso/connections', { type: 'saml', name: 'Entra SAML', metadataXml: METADATA(cert) });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ settings: { idpEntityId: 'https://idp.example.com/saml', ssoUrl: 'https://idp.example.com/sso', certificates: [cert], allowIdpInitiated: false, allowSha1: false } });
    const broken = await call(admin, 'POST', '/api/v1/sso/connections', { type: 'saml', name: 'Broken', metadataXml: '<x>'.padEnd(60, ' ') });
    expect(broken.statusCode).toBe(422);
    expect((await call(admin, 'POST', '/api/v1/sso/connections', { type: 'saml', name: 'Entra SAML', metadataXml: METADATA(cert) })).statusCode).toBe(409);
  });

  it('refuses mass assignment and plain-http IdPs', async () => {
    for (const payload of [
      { type: 'oidc', name: 'X', issuer: 'https://x.example', clientId: 'c', clientSecret: 's', orgId: '00000000-0000-4000-8000-000000000000' },
      { type: 'oidc', name: 'Y', issuer: 'http://idp.example.com', clientId: 'c', clientSecret: 's' },
      { type: 'ldap', name: 'Z' },
    ]) {
      const res = await call(admin, 'POST', '/api/v1/sso/connections', payload);
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
  });

  it('lists with filters and a cursor; another org sees 404; non-admins are refused', async () => {
    const page1 = await call(admin, 'GET', '/api/v1/sso/connections?limit=1&sort=name');
    const body1 = page1.json() as { items: Array<{ name: string; id: string }>; nextCursor: string };
    expect(body1.items.map((c) => c.name)).toEqual(['Entra SAML']);
    const page2 = (await call(admin, 'GET', `/api/v1/sso/connections?limit=1&sort=name&cursor=${body1.nextCursor}`)).json() as { items: Array<{ name: string }>; nextCursor: string | null };
    expect(page2.items.map((c) => c.name)).toEqual(['Okta']);
    expect(page2.nextCursor).toBeNull();
    expect(((await call(admin, 'GET', '/api/v1/sso/connections?type=saml')).json() as { items: unknown[] }).items).toHaveLength(1);

    const [org] = (await h.dataSource.query(`INSERT INTO organizations (name, slug) VALUES ('Other', 'other-sso') RETURNING id`)) as Array<{ id: string }>;
    await createUser(h.dataSource, 'other-admin@other.test', org.id, 'admin');
    const otherAdmin = await signIn(h.app, 'other-admin@other.test');
    expect((await call(otherAdmin, 'GET', `/api/v1/sso/connections/${body1.items[0].id}`)).statusCode).toBe(404);
    expect((await call(otherAdmin, 'DELETE', `/api/v1/sso/connections/${body1.items[0].id}`)).statusCode).toBe(404);
    expect((await call(otherAdmin, 'POST', `/api/v1/sso/connections/${body1.items[0].id}/mappings`, { idpGroup: 'x', orgRole: 'owner' })).statusCode).toBe(404);

    await createUser(h.dataSource, 'dev-sso@acme.test', h.orgId, 'developer');
    const dev = await signIn(h.app, 'dev-sso@acme.test');
    expect((await call(dev, 'GET', '/api/v1/sso/connections')).statusCode).toBe(403);
  });

  it('validates mappings (team of this org, team role with team) and deletes them', async () => {
    const list = (await call(admin, 'GET', '/api/v1/sso/connections?type=oidc')).json() as { items: Array<{ id: string }> };
    const id = list.items[0].id;
    expect((await call(admin, 'POST', `/api/v1/sso/connections/${id}/mappings`, { idpGroup: 'eng', teamId: h.teamId })).statusCode).toBe(400);
    expect((await call(admin, 'POST', `/api/v1/sso/connections/${id}/mappings`, { idpGroup: 'eng', teamId: '00000000-0000-4000-8000-000000000000', teamRole: 'developer' })).statusCode).toBe(404);
    const created = await call(admin, 'POST', `/api/v1/sso/connections/${id}/mappings`, { idpGroup: 'eng', teamId: h.teamId, teamRole: 'developer' });
    expect(created.statusCode).toBe(201);
    const mappingId = (created.json() as { id: string }).id;
    expect(((await call(admin, 'GET', `/api/v1/sso/connections/${id}/mappings`)).json() as { items: unknown[] }).items).toHaveLength(1);
    expect((await call(admin, 'DELETE', `/api/v1/sso/connections/${id}/mappings/${mappingId}`)).statusCode).toBe(204);
    expect((await call(admin, 'DELETE', `/api/v1/sso/connections/${id}`)).statusCode).toBe(204);
    expect((await call(admin, 'GET', `/api/v1/sso/connections/${id}`)).statusCode).toBe(404);
  });
});
