import { inflateRawSync } from 'node:zlib';
import { Inject, Injectable } from '@nestjs/common';
import type { Profile } from '@node-saml/node-saml';
import { validateSignature } from '@node-saml/node-saml/lib/xml';
import { DOMParser } from '@xmldom/xmldom';
import type { Redis } from 'ioredis';
import type { SsoConnection } from '@sluice/db';
import type { SessionSso } from '../../auth/session.store';
import { ADMIN_API_CONFIG, type AdminApiConfig } from '../../config/admin-api-config';
import { REDIS } from '../../redis.token';
import { samlSettingsSchema, type SamlSettings } from '../connections/sso-connection.dto';
import { RedisSamlRequestCache } from './saml-replay-cache';
import { SamlLoginService } from './saml-login.service';

const SAMLP = 'urn:oasis:names:tc:SAML:2.0:protocol';
const SAML = 'urn:oasis:names:tc:SAML:2.0:assertion';
const SUCCESS = 'urn:oasis:names:tc:SAML:2.0:status:Success';
const SHA1_URI = /xmldsig#(rsa-sha1|dsa-sha1|hmac-sha1|sha1)\b/;
const CLOCK_SKEW_MS = 60_000;

export class SamlLogoutError extends Error {
  constructor(readonly reason: string, message: string) {
    super(message);
    this.name = 'SamlLogoutError';
  }
}

/** A validated message from the IdP at our single logout endpoint. */
export type IdpLogoutMessage =
  | { kind: 'logout_request'; nameId: string; sessionIndexes: string[]; request: Profile }
  | { kind: 'logout_response' };

function pem(base64: string): string {
  return `-----BEGIN CERTIFICATE-----\n${base64.match(/.{1,64}/g)?.join('\n') ?? base64}\n-----END CERTIFICATE-----`;
}

function firstChild(parent: Element, ns: string, local: string): Element | undefined {
  return Array.from(parent.childNodes as unknown as ArrayLike<Node>).find((n): n is Element => n.nodeType === 1 && (n as Element).namespaceURI === ns && (n as Element).localName === local);
}

/**
 * SAML single logout where the IdP supports it (the connection has an IdP SLO URL):
 * - SP-initiated: after the local session ends, the browser goes to the IdP with a LogoutRequest for
 *   the session's NameID/SessionIndex; its id is remembered (Redis, single use) for the IdP's answer.
 * - The IdP's LogoutResponse (HTTP-POST or HTTP-Redirect) must be signed with a configured IdP
 *   certificate, come from the IdP, answer an outstanding request of ours, and say Success.
 * - IdP-initiated LogoutRequest (HTTP-POST or HTTP-Redirect) must be signed the same way and be within
 *   its validity window; the caller then ends the sessions it names and answers with a LogoutResponse.
 * Unsigned messages are refused (node-saml alone would accept an unsigned HTTP-Redirect message).
 */
@Injectable()
export class SamlLogoutService {
  private readonly requestCache: RedisSamlRequestCache;

  constructor(
    private readonly login: SamlLoginService,
    @Inject(REDIS) redis: Redis,
    @Inject(ADMIN_API_CONFIG) config: AdminApiConfig,
  ) {
    this.requestCache = new RedisSamlRequestCache(redis, config.QUEUE_PREFIX);
  }

  /** The IdP URL (HTTP-Redirect LogoutRequest) that ends the IdP session too, or null when the IdP has no SLO. */
  async logoutRequestUrl(connection: SsoConnection, sso: SessionSso): Promise<string | null> {
    const settings = samlSettingsSchema.parse(connection.settings);
    if (!settings.sloUrl || sso.connectionId !== connection.id) return null;
    const user = { issuer: settings.idpEntityId, nameID: sso.nameId, nameIDFormat: sso.nameIdFormat ?? 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified', sessionIndex: sso.sessionIndex } as Profile;
    return this.login.samlFor(connection, settings).getLogoutUrlAsync(user, '', {});
  }

  /** Where to send the browser after an IdP-initiated logout: our LogoutResponse to the IdP's SLO URL. */
  async logoutResponseUrl(connection: SsoConnection, request: Profile, relayState: string, success: boolean): Promise<string | null> {
    const settings = samlSettingsSchema.parse(connection.settings);
    if (!settings.sloUrl) return null;
    return this.login.samlFor(connection, settings).getLogoutResponseUrlAsync(request, relayState, {}, success);
  }

  /** HTTP-POST binding: a signed LogoutRequest or LogoutResponse (enveloped XML signature on the message). */
  async fromPost(connection: SsoConnection, body: { SAMLRequest?: unknown; SAMLResponse?: unknown }): Promise<IdpLogoutMessage> {
    const settings = this.sloSettings(connection);
    const encoded = typeof body.SAMLRequest === 'string' ? body.SAMLRequest : typeof body.SAMLResponse === 'string' ? body.SAMLResponse : null;
    if (!encoded || encoded.length > 500_000) throw new SamlLogoutError('malformed', 'No SAMLRequest or SAMLResponse.');
    const xml = Buffer.from(encoded, 'base64').toString('utf8');
    this.refuseUnsafeXml(xml, settings);
    if (typeof body.SAMLRequest === 'string') {
      try {
        const request = await this.login.samlFor(connection, settings).validatePostRequestAsync({ SAMLRequest: encoded });
        return this.requestMessage(xml, request.profile);
      } catch (err) {
        throw new SamlLogoutError('validation_failed', err instanceof Error ? err.message : String(err));
      }
    }
    const root = this.parse(xml);
    if (root.localName !== 'LogoutResponse' || root.namespaceURI !== SAMLP) throw new SamlLogoutError('malformed', 'Not a LogoutResponse.');
    let signed = false;
    try {
      signed = validateSignature(xml, root as never, settings.certificates.map(pem));
    } catch {
      signed = false;
    }
    if (!signed) throw new SamlLogoutError('validation_failed', 'The LogoutResponse is not signed with the configured IdP certificate.');
    await this.acceptResponse(root, settings);
    return { kind: 'logout_response' };
  }

  /** HTTP-Redirect binding: the query must carry a Signature and SigAlg (checked with the configured certificates). */
  async fromRedirect(connection: SsoConnection, query: Record<string, string>, rawQuery: string): Promise<IdpLogoutMessage> {
    const settings = this.sloSettings(connection);
    if (!query.SAMLRequest === !query.SAMLResponse) throw new SamlLogoutError('malformed', 'Exactly one of SAMLRequest and SAMLResponse.');
    if (!query.Signature || !query.SigAlg) throw new SamlLogoutError('unsigned', 'HTTP-Redirect logout messages must be signed (Signature and SigAlg).');
    if (!settings.allowSha1 && SHA1_URI.test(query.SigAlg)) throw new SamlLogoutError('sha1_refused', 'SHA-1 signatures are not allowed for this connection.');
    let result: { profile: Profile | null; loggedOut: boolean };
    try {
      result = await this.login.samlFor(connection, settings).validateRedirectAsync(query, rawQuery);
    } catch (err) {
      throw new SamlLogoutError('validation_failed', err instanceof Error ? err.message : String(err));
    }
    if (query.SAMLResponse) {
      // node-saml checked signature, issuer, status and (when present) InResponseTo; ours must be present.
      if (!result.loggedOut) throw new SamlLogoutError('validation_failed', 'Not a successful LogoutResponse.');
      return { kind: 'logout_response' };
    }
    if (!result.profile) throw new SamlLogoutError('validation_failed', 'No LogoutRequest.');
    return this.requestMessage(inflateRawSync(Buffer.from(query.SAMLRequest, 'base64')).toString('utf8'), result.profile);
  }

  private sloSettings(connection: SsoConnection): SamlSettings {
    const settings = samlSettingsSchema.parse(connection.settings);
    if (!settings.sloUrl) throw new SamlLogoutError('slo_not_configured', 'This connection has no IdP single logout URL.');
    return settings;
  }

  private refuseUnsafeXml(xml: string, settings: SamlSettings): void {
    if (xml.includes('<!--')) throw new SamlLogoutError('comments_refused', 'SAML messages with XML comments are refused.');
    if (/<!DOCTYPE/i.test(xml)) throw new SamlLogoutError('malformed', 'SAML messages with a DOCTYPE are refused.');
    if (!settings.allowSha1 && SHA1_URI.test(xml)) throw new SamlLogoutError('sha1_refused', 'SHA-1 signatures are not allowed for this connection.');
  }

  private parse(xml: string): Element {
    const errors: string[] = [];
    const doc = new DOMParser({ errorHandler: { error: (m: string) => errors.push(m), fatalError: (m: string) => errors.push(m) } }).parseFromString(xml, 'text/xml');
    if (errors.length || !doc?.documentElement) throw new SamlLogoutError('malformed', 'The message is not well-formed XML.');
    return doc.documentElement as unknown as Element;
  }

  /** The NameID and SessionIndex(es) a validated LogoutRequest names. */
  private requestMessage(xml: string, profile: Profile | null): IdpLogoutMessage {
    if (!profile?.nameID) throw new SamlLogoutError('validation_failed', 'The LogoutRequest names no NameID.');
    const root = this.parse(xml);
    const sessionIndexes = Array.from(root.getElementsByTagNameNS(SAMLP, 'SessionIndex') as unknown as ArrayLike<Element>)
      .map((e) => (e.textContent ?? '').trim())
      .filter(Boolean);
    return { kind: 'logout_request', nameId: profile.nameID, sessionIndexes, request: profile };
  }

  private async acceptResponse(root: Element, settings: SamlSettings): Promise<void> {
    const issuer = firstChild(root, SAML, 'Issuer')?.textContent?.trim();
    if (issuer !== settings.idpEntityId) throw new SamlLogoutError('validation_failed', 'The LogoutResponse comes from another issuer.');
    const status = firstChild(root, SAMLP, 'Status');
    const code = status ? firstChild(status, SAMLP, 'StatusCode')?.getAttribute('Value') : null;
    if (code !== SUCCESS) throw new SamlLogoutError('idp_logout_failed', `The IdP answered ${code ?? 'no status'}.`);
    const issued = Date.parse(root.getAttribute('IssueInstant') ?? '');
    if (!Number.isFinite(issued) || Math.abs(Date.now() - issued) > 10 * 60_000 + CLOCK_SKEW_MS) throw new SamlLogoutError('validation_failed', 'The LogoutResponse is too old or from the future.');
    const inResponseTo = root.getAttribute('InResponseTo');
    // Single use, shared by every instance: the outstanding LogoutRequest id is removed atomically.
    if (!inResponseTo || (await this.requestCache.removeAsync(inResponseTo)) === null) throw new SamlLogoutError('invalid_state', 'The LogoutResponse answers no outstanding LogoutRequest of ours (unknown, expired or already used).');
  }
}
