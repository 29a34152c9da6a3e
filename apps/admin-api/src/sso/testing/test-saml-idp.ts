import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { SignedXml } from 'xml-crypto';

export interface SigningIdentity {
  privateKeyPem: string;
  /** Base64 DER of the self-signed certificate (what an admin pastes into the connection). */
  certificateBase64: string;
}

/** A fresh RSA key and self-signed certificate (openssl), like an IdP's signing credential. */
export function createSigningIdentity(): SigningIdentity {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-saml-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '2', '-subj', '/CN=test-idp'], { stdio: 'ignore' });
  const cert = readFileSync(join(dir, 'cert.pem'), 'utf8');
  return { privateKeyPem: readFileSync(join(dir, 'key.pem'), 'utf8'), certificateBase64: cert.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '') };
}

/** The AuthnRequest ID inside a HTTP-Redirect binding URL (deflated, base64). */
export function authnRequestIdOf(redirectUrl: string): { id: string; relayState: string } {
  const url = new URL(redirectUrl);
  const xml = inflateRawSync(Buffer.from(url.searchParams.get('SAMLRequest') ?? '', 'base64')).toString('utf8');
  const id = /\sID="([^"]+)"/.exec(xml)?.[1];
  if (!id) throw new Error(`no ID in ${xml}`);
  return { id, relayState: url.searchParams.get('RelayState') ?? '' };
}

export interface AssertionOptions {
  idpEntityId: string;
  spEntityId: string;
  acsUrl: string;
  nameId: string;
  inResponseTo?: string;
  attributes?: Record<string, string[]>;
  assertionId?: string;
  destination?: string;
  recipient?: string;
  audience?: string;
  /** The IdP session this assertion belongs to (what a single logout names). */
  sessionIndex?: string;
  /** Seconds relative to now. */
  issuedAtOffset?: number;
  notOnOrAfterOffset?: number;
}

const esc = (v: string) => v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

export function assertionXml(o: AssertionOptions): string {
  const now = Date.now();
  const at = (s: number) => new Date(now + s * 1000).toISOString();
  const issued = at(o.issuedAtOffset ?? 0);
  const until = at(o.notOnOrAfterOffset ?? 300);
  const attrs = Object.entries(o.attributes ?? {})
    .map(([name, values]) => `<saml:Attribute Name="${esc(name)}">${values.map((v) => `<saml:AttributeValue>${esc(v)}</saml:AttributeValue>`).join('')}</saml:Attribute>`)
    .join('');
  const irt = o.inResponseTo ? ` InResponseTo="${esc(o.inResponseTo)}"` : '';
  return (
    `<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="${o.assertionId ?? `_a${Math.random().toString(16).slice(2)}`}" Version="2.0" IssueInstant="${issued}">` +
    `<saml:Issuer>${esc(o.idpEntityId)}</saml:Issuer>` +
    `<saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress">${o.nameId}</saml:NameID>` +
    `<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData${irt} NotOnOrAfter="${until}" Recipient="${esc(o.recipient ?? o.acsUrl)}"/></saml:SubjectConfirmation></saml:Subject>` +
    `<saml:Conditions NotBefore="${at((o.issuedAtOffset ?? 0) - 60)}" NotOnOrAfter="${until}"><saml:AudienceRestriction><saml:Audience>${esc(o.audience ?? o.spEntityId)}</saml:Audience></saml:AudienceRestriction></saml:Conditions>` +
    `<saml:AuthnStatement AuthnInstant="${issued}" SessionIndex="${esc(o.sessionIndex ?? '_s1')}"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>` +
    (attrs ? `<saml:AttributeStatement>${attrs}</saml:AttributeStatement>` : '') +
    `</saml:Assertion>`
  );
}

/** Signs the (first) Assertion of `xml` with an enveloped XML-DSig signature placed after its Issuer. */
export function signAssertion(xml: string, identity: SigningIdentity, sha1 = false): string {
  const sig = new SignedXml({
    privateKey: identity.privateKeyPem,
    publicCert: `-----BEGIN CERTIFICATE-----\n${identity.certificateBase64}\n-----END CERTIFICATE-----`,
    signatureAlgorithm: sha1 ? 'http://www.w3.org/2000/09/xmldsig#rsa-sha1' : 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
    canonicalizationAlgorithm: 'http://www.w3.org/2001/10/xml-exc-c14n#',
  });
  sig.addReference({
    xpath: "//*[local-name(.)='Assertion']",
    transforms: ['http://www.w3.org/2000/09/xmldsig#enveloped-signature', 'http://www.w3.org/2001/10/xml-exc-c14n#'],
    digestAlgorithm: sha1 ? 'http://www.w3.org/2000/09/xmldsig#sha1' : 'http://www.w3.org/2001/04/xmlenc#sha256',
  });
  sig.computeSignature(xml, { location: { reference: "//*[local-name(.)='Assertion']/*[local-name(.)='Issuer']", action: 'after' } });
  return sig.getSignedXml();
}

/** Wraps assertions in a samlp:Response. */
export function responseXml(o: { idpEntityId: string; destination: string; inResponseTo?: string; assertions: string }): string {
  const irt = o.inResponseTo ? ` InResponseTo="${esc(o.inResponseTo)}"` : '';
  return (
    `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_r${Math.random().toString(16).slice(2)}" Version="2.0" IssueInstant="${new Date().toISOString()}" Destination="${esc(o.destination)}"${irt}>` +
    `<saml:Issuer>${esc(o.idpEntityId)}</saml:Issuer><samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>` +
    o.assertions +
    `</samlp:Response>`
  );
}

/** Signs the root element of a protocol message (LogoutRequest/LogoutResponse) with an enveloped signature after its Issuer. */
export function signMessage(xml: string, identity: SigningIdentity, root: 'LogoutRequest' | 'LogoutResponse'): string {
  const sig = new SignedXml({
    privateKey: identity.privateKeyPem,
    publicCert: `-----BEGIN CERTIFICATE-----\n${identity.certificateBase64}\n-----END CERTIFICATE-----`,
    signatureAlgorithm: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
    canonicalizationAlgorithm: 'http://www.w3.org/2001/10/xml-exc-c14n#',
  });
  sig.addReference({
    xpath: `/*[local-name(.)='${root}']`,
    transforms: ['http://www.w3.org/2000/09/xmldsig#enveloped-signature', 'http://www.w3.org/2001/10/xml-exc-c14n#'],
    digestAlgorithm: 'http://www.w3.org/2001/04/xmlenc#sha256',
  });
  sig.computeSignature(xml, { location: { reference: `/*[local-name(.)='${root}']/*[local-name(.)='Issuer']`, action: 'after' } });
  return sig.getSignedXml();
}

/** An IdP-initiated LogoutRequest (unsigned; sign with signMessage). */
export function logoutRequestXml(o: { idpEntityId: string; destination: string; nameId: string; sessionIndex?: string; notOnOrAfterOffset?: number }): string {
  const at = (s: number) => new Date(Date.now() + s * 1000).toISOString();
  return (
    `<samlp:LogoutRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_lr${Math.random().toString(16).slice(2)}" Version="2.0" IssueInstant="${at(0)}" NotOnOrAfter="${at(o.notOnOrAfterOffset ?? 300)}" Destination="${esc(o.destination)}">` +
    `<saml:Issuer>${esc(o.idpEntityId)}</saml:Issuer>` +
    `<saml:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress">${esc(o.nameId)}</saml:NameID>` +
    (o.sessionIndex ? `<samlp:SessionIndex>${esc(o.sessionIndex)}</samlp:SessionIndex>` : '') +
    `</samlp:LogoutRequest>`
  );
}

/** The IdP's LogoutResponse to our LogoutRequest (unsigned; sign with signMessage). */
export function logoutResponseXml(o: { idpEntityId: string; destination: string; inResponseTo: string; status?: string }): string {
  return (
    `<samlp:LogoutResponse xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_lo${Math.random().toString(16).slice(2)}" Version="2.0" IssueInstant="${new Date().toISOString()}" Destination="${esc(o.destination)}" InResponseTo="${esc(o.inResponseTo)}">` +
    `<saml:Issuer>${esc(o.idpEntityId)}</saml:Issuer><samlp:Status><samlp:StatusCode Value="${esc(o.status ?? 'urn:oasis:names:tc:SAML:2.0:status:Success')}"/></samlp:Status>` +
    `</samlp:LogoutResponse>`
  );
}

/** A message of a HTTP-Redirect binding URL (deflated, base64) as XML. */
export function redirectMessageOf(redirectUrl: string, param: 'SAMLRequest' | 'SAMLResponse'): string {
  return inflateRawSync(Buffer.from(new URL(redirectUrl).searchParams.get(param) ?? '', 'base64')).toString('utf8');
}
