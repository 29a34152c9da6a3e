import { execFileSync } from 'node:child_process';
import { createSign, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { validate } from '@authenio/samlify-xmllint-wasm';
import { DOMParser, XMLSerializer } from '@xmldom/xmldom';
import * as samlify from 'samlify';
import type { IdentityProviderInstance, ServiceProviderInstance } from 'samlify';

// samlify refuses to parse messages without a schema validator; this one is libxml2 compiled to wasm (npm only, offline).
samlify.setSchemaValidator({ validate });

const SAMLP = 'urn:oasis:names:tc:SAML:2.0:protocol';
const SAML = 'urn:oasis:names:tc:SAML:2.0:assertion';
const DS = 'http://www.w3.org/2000/09/xmldsig#';
const REDIRECT = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect';
const POST = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST';
const EMAIL_FORMAT = 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress';
export const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';
export const RSA_SHA1 = 'http://www.w3.org/2000/09/xmldsig#rsa-sha1';

export interface SigningIdentity {
  privateKeyPem: string;
  certificatePem: string;
  /** Base64 DER of the self-signed certificate (what an admin pastes into a connection). */
  certificateBase64: string;
}

/** A fresh RSA key and self-signed certificate (openssl), like an IdP's (or SP's) signing credential. */
export function createSigningIdentity(commonName = 'test-idp'): SigningIdentity {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-saml-'));
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '2', '-subj', `/CN=${commonName}`], { stdio: 'ignore' });
    const certificatePem = readFileSync(join(dir, 'cert.pem'), 'utf8');
    return {
      privateKeyPem: readFileSync(join(dir, 'key.pem'), 'utf8'),
      certificatePem,
      certificateBase64: certificatePem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, ''),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The SP's AuthnRequest as the IdP read it from the HTTP-Redirect binding URL. */
export interface ReceivedAuthnRequest {
  id: string;
  relayState: string;
  issuer: string;
  acsUrl: string;
  /** The query carried a Signature that samlify verified with the SP metadata's signing certificate. */
  signed: boolean;
}

export interface SamlUser {
  nameId: string;
  attributes?: Record<string, string[]>;
  /** The IdP session (what a single logout names). */
  sessionIndex?: string;
}

/** Deviations from what the SP asked for, for the negative cases. Times are seconds relative to now. */
export interface ResponseOverrides {
  audience?: string;
  recipient?: string;
  destination?: string;
  issuedAtOffset?: number;
  notOnOrAfterOffset?: number;
}

export interface TestIdpOptions {
  entityId: string;
  ssoUrl: string;
  sloUrl?: string;
  identity?: SigningIdentity;
  /** XML-DSig algorithm of the assertion signature (RSA-SHA256 unless a SHA-1 IdP is simulated). */
  signatureAlgorithm?: string;
  /** Publish WantAuthnRequestsSigned and refuse AuthnRequests without a valid SP signature. */
  wantAuthnRequestsSigned?: boolean;
}

/** An HTTP-Redirect binding request as samlify expects it from a web framework: decoded query values, and the signed octet string. */
function redirectBindingRequest(url: URL): { query: Record<string, string>; octetString: string } {
  // The octet string a redirect-binding signature covers is the raw query as sent, without the Signature.
  const octetString = url.search.slice(1).split('&').filter((p) => !p.startsWith('Signature=')).join('&');
  return { query: Object.fromEntries(url.searchParams), octetString };
}

/** The message of an HTTP-Redirect binding URL (deflated, base64) as XML. */
export function redirectMessageOf(redirectUrl: string, param: 'SAMLRequest' | 'SAMLResponse'): string {
  return inflateRawSync(Buffer.from(new URL(redirectUrl).searchParams.get(param) ?? '', 'base64')).toString('utf8');
}

const escapeXml = (v: string) => v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * A SAML 2.0 IdP on samlify with its own key pair: reads the SP's AuthnRequest (HTTP-Redirect, signature
 * verified when it wants signed requests) and answers with a samlify-signed Response (HTTP-POST) built from
 * the request and the SP metadata. The attack helpers below post-process that signed output.
 */
export class SamlifyTestIdp {
  readonly identity: SigningIdentity;
  readonly entity: IdentityProviderInstance;

  constructor(readonly options: TestIdpOptions) {
    this.identity = options.identity ?? createSigningIdentity();
    this.entity = samlify.IdentityProvider({
      entityID: options.entityId,
      privateKey: this.identity.privateKeyPem,
      signingCert: this.identity.certificatePem,
      requestSignatureAlgorithm: options.signatureAlgorithm ?? RSA_SHA256,
      wantAuthnRequestsSigned: options.wantAuthnRequestsSigned ?? false,
      wantLogoutRequestSigned: options.wantAuthnRequestsSigned ?? false,
      nameIDFormat: [EMAIL_FORMAT],
      singleSignOnService: [{ Binding: REDIRECT, Location: options.ssoUrl }],
      ...(options.sloUrl ? { singleLogoutService: [{ Binding: POST, Location: options.sloUrl }] } : {}),
    });
  }

  /** A variant of this IdP: the same settings unless overridden, and a fresh key pair unless `identity` is given (an impostor with its own key, another algorithm or entity id). */
  impostor(overrides: Partial<TestIdpOptions> = {}): SamlifyTestIdp {
    return new SamlifyTestIdp({ ...this.options, identity: undefined, ...overrides });
  }

  metadataXml(): string {
    return this.entity.getMetadata();
  }

  /** The SP as this IdP knows it: from the SP's published metadata (it wants signed logout messages, as Sluice does). */
  serviceProvider(spMetadataXml: string): ServiceProviderInstance {
    return samlify.ServiceProvider({ metadata: spMetadataXml, wantLogoutRequestSigned: true, wantLogoutResponseSigned: true });
  }

  /** Reads (schema-validates, and verifies the signature if this IdP wants signed requests) an HTTP-Redirect AuthnRequest. */
  async receiveAuthnRequest(sp: ServiceProviderInstance, redirectUrl: string): Promise<ReceivedAuthnRequest> {
    const url = new URL(redirectUrl);
    if (`${url.origin}${url.pathname}` !== this.options.ssoUrl) throw new Error(`the SP sent the browser to ${url.origin}${url.pathname}, not our SSO URL`);
    const parsed = await this.entity.parseLoginRequest(sp, 'redirect', redirectBindingRequest(url));
    const request = parsed.extract.request as { id: string; assertionConsumerServiceUrl?: string };
    return {
      id: request.id,
      relayState: url.searchParams.get('RelayState') ?? '',
      issuer: String(parsed.extract.issuer ?? ''),
      acsUrl: request.assertionConsumerServiceUrl ?? '',
      signed: Boolean(parsed.sigAlg),
    };
  }

  /** Reads an SP-initiated HTTP-Redirect LogoutRequest (signature verified if this IdP wants signed requests). */
  async receiveLogoutRequest(sp: ServiceProviderInstance, redirectUrl: string): Promise<{ id: string; nameId: string; sessionIndex: string | null; signed: boolean }> {
    const url = new URL(redirectUrl);
    if (`${url.origin}${url.pathname}` !== this.options.sloUrl) throw new Error(`the SP sent the browser to ${url.origin}${url.pathname}, not our SLO URL`);
    const parsed = await this.entity.parseLogoutRequest(sp, 'redirect', redirectBindingRequest(url));
    const extract = parsed.extract as { request: { id: string }; nameID: string; sessionIndex?: string | null };
    return { id: extract.request.id, nameId: extract.nameID, sessionIndex: extract.sessionIndex ?? null, signed: Boolean(parsed.sigAlg) };
  }

  /** An IdP-initiated LogoutRequest (HTTP-POST) for the SP's single logout service, XML-signed by samlify. Returns the XML. */
  logoutRequest(sp: ServiceProviderInstance, user: { nameId: string; sessionIndex?: string }): string {
    const message = this.entity.createLogoutRequest(sp, 'post', { logoutNameID: user.nameId, sessionIndex: user.sessionIndex }) as { context: string };
    return Buffer.from(message.context, 'base64').toString('utf8');
  }

  /** The IdP's successful LogoutResponse (HTTP-POST, XML-signed by samlify) to the SP's LogoutRequest `inResponseTo`. Returns the XML. */
  logoutResponse(sp: ServiceProviderInstance, inResponseTo: string): string {
    const message = this.entity.createLogoutResponse(sp, { extract: { request: { id: inResponseTo } } } as never, 'post', { relayState: '' }) as { context: string };
    return Buffer.from(message.context, 'base64').toString('utf8');
  }

  /** An HTTP-Redirect binding query carrying `xml` (deflated), signed RSA-SHA256 with this IdP's key unless `signed` is false. */
  redirectQuery(param: 'SAMLRequest' | 'SAMLResponse', xml: string, relayState: string, signed = true): string {
    const parts = [`${param}=${encodeURIComponent(deflateRawSync(Buffer.from(xml)).toString('base64'))}`, `RelayState=${encodeURIComponent(relayState)}`];
    if (!signed) return parts.join('&');
    parts.push(`SigAlg=${encodeURIComponent(RSA_SHA256)}`);
    const signature = createSign('RSA-SHA256').update(parts.join('&')).sign(this.identity.privateKeyPem, 'base64');
    return `${parts.join('&')}&Signature=${encodeURIComponent(signature)}`;
  }

  /**
   * A Response with one assertion for `user`, signed by samlify (the assertion, as the SP metadata's
   * WantAssertionsSigned asks). `request` null: IdP-initiated (no InResponseTo). Returns the XML.
   */
  async loginResponse(sp: ServiceProviderInstance, request: ReceivedAuthnRequest | null, user: SamlUser, overrides: ResponseOverrides = {}): Promise<string> {
    // samlify names bindings by their short name ('post'), not the URN.
    const acs = sp.entityMeta.getAssertionConsumerService('post') as string;
    if (!acs) throw new Error('the SP metadata has no HTTP-POST AssertionConsumerService');
    // Like a real IdP: answer only at an ACS the SP's metadata lists.
    if (request?.acsUrl && request.acsUrl !== acs) throw new Error(`the AuthnRequest asks for ACS ${request.acsUrl}, not the metadata's ${acs}`);
    const at = (seconds: number) => new Date(Date.now() + seconds * 1000).toISOString();
    const issued = at(overrides.issuedAtOffset ?? 0);
    const until = at((overrides.issuedAtOffset ?? 0) + (overrides.notOnOrAfterOffset ?? 300));
    const attributes = Object.entries(user.attributes ?? {})
      .map(([name, values]) => `<saml:Attribute Name="${escapeXml(name)}" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:basic">${values.map((v) => `<saml:AttributeValue xsi:type="xs:string">${escapeXml(v)}</saml:AttributeValue>`).join('')}</saml:Attribute>`)
      .join('');
    const authnStatement = `<saml:AuthnStatement AuthnInstant="${issued}" SessionIndex="${escapeXml(user.sessionIndex ?? `_s${randomUUID()}`)}"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>`;
    const id = `_${randomUUID()}`;
    const result = await this.entity.createLoginResponse(sp, { extract: {} } as never, 'post', { email: user.nameId }, (template: string) => {
      // samlify escapes every tag value and drops attributes whose value is undefined (InResponseTo when IdP-initiated).
      const filled = samlify.SamlLib.replaceTagsByValue(template, {
        ID: id,
        AssertionID: `_${randomUUID()}`,
        Destination: overrides.destination ?? acs,
        Audience: overrides.audience ?? sp.entityMeta.getEntityID(),
        SubjectRecipient: overrides.recipient ?? acs,
        Issuer: this.entity.entityMeta.getEntityID(),
        IssueInstant: issued,
        StatusCode: samlify.Constants.StatusCode.Success,
        ConditionsNotBefore: at((overrides.issuedAtOffset ?? 0) - 60),
        ConditionsNotOnOrAfter: until,
        SubjectConfirmationDataNotOnOrAfter: until,
        NameIDFormat: EMAIL_FORMAT,
        NameID: user.nameId,
        InResponseTo: request?.id,
      });
      return { id, context: filled.replace('{AuthnStatement}', authnStatement).replace('{AttributeStatement}', attributes ? `<saml:AttributeStatement>${attributes}</saml:AttributeStatement>` : '') };
    });
    return Buffer.from(result.context, 'base64').toString('utf8');
  }
}

function parseXml(xml: string): Document {
  return new DOMParser().parseFromString(xml, 'text/xml') as unknown as Document;
}
const serialize = (doc: Document) => new XMLSerializer().serializeToString(doc as never);
const childElements = (parent: Element, ns: string, local: string): Element[] =>
  Array.from(parent.childNodes as unknown as ArrayLike<Node>).filter((n): n is Element => n.nodeType === 1 && (n as Element).namespaceURI === ns && (n as Element).localName === local);

/** Removes every XML signature (what an attacker does to a response they want to edit). */
export function stripSignatures(xml: string): string {
  const doc = parseXml(xml);
  for (const sig of Array.from(doc.getElementsByTagNameNS(DS, 'Signature') as unknown as ArrayLike<Element>)) sig.parentNode?.removeChild(sig);
  return serialize(doc);
}

/**
 * Puts `insert` (e.g. `<!---->`) into the NameID text after its first `keep` characters. Exclusive c14n
 * ignores comments and CDATA boundaries, so the signature stays valid: a parser that reads only the first
 * text node would see a truncated identity (`admin@example.com<!---->.evil.com`).
 */
export function splitNameId(xml: string, keep: number, insert = '<!---->'): string {
  return xml.replace(/(<saml:NameID\b[^>]*>)([^<]*)(<\/saml:NameID>)/, (_m, open: string, text: string, close: string) => `${open}${text.slice(0, keep)}${insert}${text.slice(keep)}${close}`);
}

/** Where the genuine signed assertion ends up in a signature-wrapping payload. */
export type WrappingShape = 'forged_sibling_first' | 'signed_inside_forged' | 'signed_in_extensions' | 'signed_in_signature_object';
export const WRAPPING_SHAPES: WrappingShape[] = ['forged_sibling_first', 'signed_inside_forged', 'signed_in_extensions', 'signed_in_signature_object'];

/**
 * Signature wrapping (XSW) built from a real signed response: the signed assertion is moved and a forged
 * sibling (a copy naming `forged`'s identity) takes the place a naive SP reads. Shapes:
 * - forged_sibling_first: the forged assertion (new ID, no signature) before the untouched signed one;
 * - signed_inside_forged: the signed assertion moved into the forged one (which comes first);
 * - signed_in_extensions: the signed assertion moved into samlp:Extensions, the forged one keeps the
 *   original ID and the original Signature element in its place;
 * - signed_in_signature_object: the forged one keeps the original ID and Signature, and the signed
 *   assertion sits in that Signature's ds:Object.
 */
export function wrapSignedAssertion(signedResponseXml: string, forged: { nameId: string; email?: string }, shape: WrappingShape): string {
  const doc = parseXml(signedResponseXml);
  const response = doc.documentElement as unknown as Element;
  const signed = childElements(response, SAML, 'Assertion')[0];
  if (!signed) throw new Error('no assertion to wrap');
  const evil = signed.cloneNode(true) as Element;
  for (const nameId of Array.from(evil.getElementsByTagNameNS(SAML, 'NameID') as unknown as ArrayLike<Element>)) nameId.textContent = forged.nameId;
  for (const attribute of Array.from(evil.getElementsByTagNameNS(SAML, 'Attribute') as unknown as ArrayLike<Element>)) {
    if (attribute.getAttribute('Name') === 'email') for (const value of childElements(attribute, SAML, 'AttributeValue')) value.textContent = forged.email ?? forged.nameId;
  }
  const evilSignature = childElements(evil, DS, 'Signature')[0];
  switch (shape) {
    case 'forged_sibling_first':
      evil.setAttribute('ID', `_forged${randomUUID()}`);
      evilSignature?.parentNode?.removeChild(evilSignature);
      response.insertBefore(evil, signed);
      break;
    case 'signed_inside_forged':
      evil.setAttribute('ID', `_forged${randomUUID()}`);
      evilSignature?.parentNode?.removeChild(evilSignature);
      response.replaceChild(evil, signed);
      evil.appendChild(signed);
      break;
    case 'signed_in_extensions': {
      response.replaceChild(evil, signed);
      const extensions = doc.createElementNS(SAMLP, 'samlp:Extensions');
      extensions.appendChild(signed as never);
      const issuer = childElements(response, SAML, 'Issuer')[0];
      response.insertBefore(extensions as never, issuer?.nextSibling ?? response.firstChild);
      break;
    }
    case 'signed_in_signature_object': {
      if (!evilSignature) throw new Error('the assertion has no signature to reuse');
      response.replaceChild(evil, signed);
      const object = doc.createElementNS(DS, 'ds:Object');
      object.appendChild(signed as never);
      evilSignature.appendChild(object as never);
      break;
    }
  }
  return serialize(doc);
}
