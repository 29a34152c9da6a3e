import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createEgressGuard, egressPolicyFromEnv } from '@sluice/egress';
import { signIn, startAdminApiHarness, type AdminApiHarness } from '../../testing/admin-api-harness';
import { createSigningIdentity } from '../testing/samlify-test-idp';
import { fetchIdpMetadata, MetadataFetchError } from './saml-metadata-fetch';

const guard = (env: { EGRESS_ALLOW_LOOPBACK?: boolean; EGRESS_ALLOWED_HOSTS?: string[] }) =>
  createEgressGuard(egressPolicyFromEnv({ EGRESS_ALLOW_LOOPBACK: env.EGRESS_ALLOW_LOOPBACK ?? false, EGRESS_ALLOWED_HOSTS: env.EGRESS_ALLOWED_HOSTS ?? [] }));

function metadataXml(certificate: string): string {
  return (
    `<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="https://idp.by-url.example/saml">` +
    `<md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">` +
    `<md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>${certificate}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>` +
    `<md:SingleLogoutService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://idp.by-url.example/slo"/>` +
    `<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://idp.by-url.example/sso"/>` +
    `</md:IDPSSODescriptor></md:EntityDescriptor>`
  );
}

/** IdP metadata by URL: through the egress guard, no redirects, bounded in size and time (a real local HTTP server). */
describe('SAML IdP metadata import by URL (egress guard, real HTTP)', () => {
  let server: Server;
  let base: string;
  let xml: string;

  beforeAll(async () => {
    xml = metadataXml(createSigningIdentity().certificateBase64);
    server = createServer((req, res) => {
      if (req.url === '/metadata') return void res.writeHead(200, { 'content-type': 'application/samlmetadata+xml' }).end(xml);
      if (req.url === '/redirect') return void res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
      if (req.url === '/huge') {
        // No content-length: the size limit must hold while streaming.
        res.writeHead(200, { 'content-type': 'application/xml' });
        const chunk = Buffer.alloc(64 * 1024, 'a');
        let sent = 0;
        const pump = () => {
          while (sent < 4_000_000 && res.write(chunk)) sent += chunk.length;
          if (sent < 4_000_000) res.once('drain', pump);
          else res.end();
        };
        pump();
        return;
      }
      if (req.url === '/slow') return; // never answers
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('fetches metadata from an allowed address', async () => {
    await expect(fetchIdpMetadata(guard({ EGRESS_ALLOW_LOOPBACK: true }), `${base}/metadata`)).resolves.toBe(xml);
  });

  it('refuses loopback unless enabled, and metadata and private addresses (allow-list or not for metadata)', async () => {
    await expect(fetchIdpMetadata(guard({}), `${base}/metadata`)).rejects.toThrow(/not allowed.*loopback/i);
    await expect(fetchIdpMetadata(guard({ EGRESS_ALLOW_LOOPBACK: true }), 'http://169.254.169.254/latest/meta-data/')).rejects.toThrow(MetadataFetchError);
    await expect(fetchIdpMetadata(guard({ EGRESS_ALLOWED_HOSTS: ['169.254.169.254'] }), 'http://169.254.169.254/metadata')).rejects.toThrow(/not allowed/);
    await expect(fetchIdpMetadata(guard({}), 'https://10.1.2.3/metadata')).rejects.toThrow(/not allowed.*private/i);
    await expect(fetchIdpMetadata(guard({}), 'https://[::ffff:192.168.0.1]/metadata')).rejects.toThrow(/not allowed/);
  });

  it('follows no redirect (a redirect to the cloud metadata service is just an error)', async () => {
    await expect(fetchIdpMetadata(guard({ EGRESS_ALLOW_LOOPBACK: true }), `${base}/redirect`)).rejects.toThrow(/answered 302.*redirects are not followed/);
  });

  it('stops reading past the size limit and gives up after the time limit', async () => {
    await expect(fetchIdpMetadata(guard({ EGRESS_ALLOW_LOOPBACK: true }), `${base}/huge`, { timeoutMs: 30_000, maxBytes: 1_000_000 })).rejects.toThrow(/larger than 1000000 bytes/);
    await expect(fetchIdpMetadata(guard({ EGRESS_ALLOW_LOOPBACK: true }), `${base}/slow`, { timeoutMs: 500, maxBytes: 1_000_000 })).rejects.toThrow(/did not answer within 500 ms/);
  });

  describe('through the connections API', () => {
    let open: AdminApiHarness;
    let closed: AdminApiHarness;
    afterAll(async () => {
      await open?.close();
      await closed?.close();
    });

    const create = async (h: AdminApiHarness, metadataUrl: string) => {
      const admin = await signIn(h.app, h.adminEmail);
      return h.app.inject({ method: 'POST', url: '/api/v1/sso/connections', headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrfToken }, payload: { type: 'saml', name: 'By URL', metadataUrl } });
    };

    it('imports entity id, SSO and SLO URLs and the certificate from the URL when loopback is allowed (dev/test)', async () => {
      open = await startAdminApiHarness({ env: { EGRESS_ALLOW_LOOPBACK: 'true' } });
      const res = await create(open, `${base}/metadata`);
      expect(res.statusCode).toBe(201);
      expect((res.json() as { settings: Record<string, unknown> }).settings).toMatchObject({ idpEntityId: 'https://idp.by-url.example/saml', ssoUrl: 'https://idp.by-url.example/sso', sloUrl: 'https://idp.by-url.example/slo' });
    });

    it('answers 422 with the egress reason when the URL points at a denied address', async () => {
      closed = await startAdminApiHarness({ env: { EGRESS_ALLOW_LOOPBACK: 'false' } });
      const res = await create(closed, `${base}/metadata`);
      expect(res.statusCode).toBe(422);
      expect(res.json()).toMatchObject({ type: 'urn:sluice:problem:invalid-saml-metadata' });
      expect((res.json() as { detail: string }).detail).toMatch(/not allowed/);
    });
  });
});
