import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { SAML, ValidateInResponseTo, type Profile } from '@node-saml/node-saml';
import { DOMParser } from '@xmldom/xmldom';
import type { Redis } from 'ioredis';
import type { SsoConnection } from '@sluice/db';
import { ADMIN_API_CONFIG, type AdminApiConfig } from '../../config/admin-api-config';
import { REDIS } from '../../redis.token';
import { samlSettingsSchema, spUrlsOf, type SamlSettings } from '../connections/sso-connection.dto';
import { LoginAttemptStore, type LoginAttempt } from '../login/login-attempt.store';
import type { IdpProfile } from '../provisioning/jit-provisioner';
import { firstUseOfAssertion, RedisSamlRequestCache, SAML_REQUEST_TTL_SECONDS } from './saml-replay-cache';

const CLOCK_SKEW_MS = 60_000;
/** An assertion older than this (IssueInstant) is refused even if its NotOnOrAfter is later. */
const MAX_ASSERTION_AGE_MS = 10 * 60_000;
const SHA1_ALGORITHM = /Algorithm="http:\/\/www\.w3\.org\/2000\/09\/xmldsig#(rsa-sha1|dsa-sha1|hmac-sha1|sha1)"/;
const SAML_ASSERTION_NS = 'urn:oasis:names:tc:SAML:2.0:assertion';

export class SamlLoginError extends Error {
  /** The sign-in attempt (RelayState) the failure belongs to, when known ("test connection" runs record failures). */
  attempt: LoginAttempt | null = null;

  constructor(readonly reason: string, message: string) {
    super(message);
    this.name = 'SamlLoginError';
  }
}

function pem(base64: string): string {
  return `-----BEGIN CERTIFICATE-----\n${base64.match(/.{1,64}/g)?.join('\n') ?? base64}\n-----END CERTIFICATE-----`;
}

/** The trimmed text of `parent`'s first child element `local` in the SAML assertion namespace. */
function directChild(parent: Element, local: string): string | undefined {
  const child = Array.from(parent.childNodes as unknown as ArrayLike<Node>).find((n): n is Element => n.nodeType === 1 && (n as Element).namespaceURI === SAML_ASSERTION_NS && (n as Element).localName === local);
  return child ? (child.textContent ?? '').trim() : undefined;
}

/** The Response's own (optional) Issuer. */
function responseIssuer(xml: string): string | undefined {
  const root = new DOMParser().parseFromString(xml, 'text/xml').documentElement as unknown as Element | null;
  return root ? directChild(root, 'Issuer') : undefined;
}

/**
 * SAML 2.0 SP on @node-saml/node-saml: signed assertions required, verified only with the configured
 * IdP certificates (never embedded KeyInfo), audience + InResponseTo (Redis, single use, shared by
 * instances) + clock skew by node-saml; Issuer, Destination, Recipient, SHA-1, comments, the
 * RelayState's own request and assertion-id replay checked here.
 */
@Injectable()
export class SamlLoginService {
  private readonly requestCache: RedisSamlRequestCache;

  constructor(@Inject(REDIS) private readonly redis: Redis, @Inject(ADMIN_API_CONFIG) private readonly config: AdminApiConfig) {
    this.requestCache = new RedisSamlRequestCache(redis, config.QUEUE_PREFIX);
  }

  urls(connection: SsoConnection): { acsUrl: string; spEntityId: string; sloUrl: string } {
    const urls = spUrlsOf(this.config.PUBLIC_BASE_URL, connection);
    return { acsUrl: urls.acsUrl as string, spEntityId: urls.spEntityId as string, sloUrl: `${this.config.PUBLIC_BASE_URL}/api/v1/auth/sso/saml/${connection.id}/slo` };
  }

  /** node-saml configured for this connection (the IdP's certificates only, our Redis request cache); `requestId`: the ID of the AuthnRequest it will make. */
  samlFor(connection: SsoConnection, settings: SamlSettings, requestId?: string): SAML {
    const { acsUrl, spEntityId, sloUrl } = this.urls(connection);
    return new SAML({
      ...(requestId ? { generateUniqueId: () => requestId } : {}),
      callbackUrl: acsUrl,
      entryPoint: settings.ssoUrl,
      issuer: spEntityId,
      audience: spEntityId,
      idpIssuer: settings.idpEntityId,
      idpCert: settings.certificates.map(pem),
      wantAssertionsSigned: true,
      wantAuthnResponseSigned: false,
      acceptedClockSkewMs: CLOCK_SKEW_MS,
      maxAssertionAgeMs: MAX_ASSERTION_AGE_MS,
      validateInResponseTo: settings.allowIdpInitiated ? ValidateInResponseTo.ifPresent : ValidateInResponseTo.always,
      requestIdExpirationPeriodMs: SAML_REQUEST_TTL_SECONDS * 1000,
      cacheProvider: this.requestCache,
      identifierFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
      disableRequestedAuthnContext: true,
      signatureAlgorithm: 'sha256',
      // With an SP key, node-saml signs our HTTP-Redirect AuthnRequests and logout messages (SigAlg + Signature).
      ...(this.config.SAML_SP_PRIVATE_KEY ? { privateKey: this.config.SAML_SP_PRIVATE_KEY } : {}),
      logoutUrl: settings.sloUrl ?? undefined,
      // Our single logout endpoint, published in the SP metadata only when the IdP has one (SLO configured).
      logoutCallbackUrl: settings.sloUrl ? sloUrl : undefined,
    });
  }

  /** The redirect to the IdP with a fresh AuthnRequest; its id is remembered for InResponseTo. */
  async start(connection: SsoConnection, returnTo: string, testId?: string): Promise<string> {
    const settings = samlSettingsSchema.parse(connection.settings);
    const relayState = LoginAttemptStore.newId();
    // The attempt (RelayState) remembers its AuthnRequest: a response answering another request is refused.
    const requestId = `_${randomBytes(20).toString('hex')}`;
    const url = await this.samlFor(connection, settings, requestId).getAuthorizeUrlAsync(relayState, undefined, {});
    const attemptStore = new LoginAttemptStore(this.redis, this.config);
    await attemptStore.save(relayState, { connectionId: connection.id, orgId: connection.orgId, returnTo, requestId, ...(testId ? { testId } : {}) });
    return url;
  }

  /** Validates a POSTed SAMLResponse; returns the profile and where to send the browser. */
  async acs(connection: SsoConnection, body: { SAMLResponse?: unknown; RelayState?: unknown }): Promise<{ profile: IdpProfile; attempt: LoginAttempt | null; returnTo: string }> {
    // The RelayState is taken (single use) first, so a failure can be told to the attempt it belongs to.
    const relayState = typeof body.RelayState === 'string' ? body.RelayState : '';
    const taken = relayState ? await new LoginAttemptStore(this.redis, this.config).take(relayState) : null;
    const attempt = taken && taken.connectionId === connection.id ? taken : null;
    try {
      if (taken && !attempt) throw new SamlLoginError('invalid_state', 'The sign-in state belongs to another connection.');
      return await this.validate(connection, body, attempt);
    } catch (err) {
      if (err instanceof SamlLoginError) err.attempt = attempt;
      throw err;
    }
  }

  private async validate(connection: SsoConnection, body: { SAMLResponse?: unknown }, attempt: LoginAttempt | null): Promise<{ profile: IdpProfile; attempt: LoginAttempt | null; returnTo: string }> {
    const settings = samlSettingsSchema.parse(connection.settings);
    if (typeof body.SAMLResponse !== 'string' || body.SAMLResponse.length === 0 || body.SAMLResponse.length > 2_000_000) {
      throw new SamlLoginError('malformed', 'No SAMLResponse.');
    }
    const xml = Buffer.from(body.SAMLResponse, 'base64').toString('utf8');
    if (xml.includes('<!--')) throw new SamlLoginError('comments_refused', 'SAML responses with XML comments are refused.');
    if (/<!DOCTYPE/i.test(xml)) throw new SamlLoginError('malformed', 'SAML responses with a DOCTYPE are refused.');
    if (!settings.allowSha1 && SHA1_ALGORITHM.test(xml)) throw new SamlLoginError('sha1_refused', 'SHA-1 signatures are not allowed for this connection.');
    const { acsUrl } = this.urls(connection);
    const destination = /<(?:[A-Za-z0-9_-]+:)?Response\b[^>]*\sDestination="([^"]*)"/.exec(xml)?.[1];
    if (destination !== undefined && destination !== acsUrl) throw new SamlLoginError('wrong_destination', 'The response was sent to another destination.');

    let profile: Profile | null;
    try {
      ({ profile } = await this.samlFor(connection, settings).validatePostResponseAsync({ SAMLResponse: body.SAMLResponse }));
    } catch (err) {
      throw new SamlLoginError('validation_failed', err instanceof Error ? err.message : String(err));
    }
    if (!profile?.getAssertionXml) throw new SamlLoginError('validation_failed', 'No assertion.');
    const assertion = new DOMParser().parseFromString(profile.getAssertionXml(), 'text/xml').documentElement as unknown as Element;
    // node-saml checks `idpIssuer` only on logout messages. One signing key can serve several entity ids
    // (Entra ID signs every tenant's assertions with the same keys), so the signed assertion's Issuer must be ours.
    const outerIssuer = responseIssuer(xml);
    if (directChild(assertion, 'Issuer') !== settings.idpEntityId || (outerIssuer !== undefined && outerIssuer !== settings.idpEntityId)) {
      throw new SamlLoginError('wrong_issuer', 'The assertion was issued by another entity than the configured IdP.');
    }
    const recipients = Array.from(assertion.getElementsByTagNameNS(SAML_ASSERTION_NS, 'SubjectConfirmationData') as unknown as ArrayLike<Element>).map((e) => e.getAttribute('Recipient'));
    if (recipients.length === 0 || recipients.some((r) => r !== acsUrl)) throw new SamlLoginError('wrong_recipient', 'The assertion is meant for another recipient.');
    const assertionId = assertion.getAttribute('ID');
    if (!assertionId) throw new SamlLoginError('validation_failed', 'The assertion has no ID.');
    if (!(await firstUseOfAssertion(this.redis, this.config.QUEUE_PREFIX, settings.idpEntityId, assertionId))) {
      throw new SamlLoginError('replayed', 'This assertion was already used.');
    }

    if (!attempt && !settings.allowIdpInitiated) throw new SamlLoginError('invalid_state', 'The sign-in state is unknown, expired or already used.');
    if (attempt?.requestId && profile.inResponseTo !== attempt.requestId) throw new SamlLoginError('invalid_state', 'The response answers another sign-in request than this RelayState started.');

    const attribute = (name: string): unknown => (profile as Record<string, unknown>)[name];
    const mapping = settings.attributeMapping;
    const rawGroups = attribute(mapping.groups);
    const groups = Array.isArray(rawGroups) ? rawGroups.filter((g): g is string => typeof g === 'string') : typeof rawGroups === 'string' ? [rawGroups] : [];
    const email = typeof attribute(mapping.email) === 'string' ? (attribute(mapping.email) as string) : profile.nameID;
    const name = typeof attribute(mapping.name) === 'string' ? (attribute(mapping.name) as string) : null;
    return {
      attempt,
      returnTo: attempt?.returnTo ?? '/',
      profile: {
        orgId: connection.orgId,
        connectionId: connection.id,
        method: 'saml',
        subject: profile.nameID,
        email,
        emailVerified: true,
        name,
        groups,
        saml: { nameIdFormat: profile.nameIDFormat || undefined, sessionIndex: typeof profile.sessionIndex === 'string' ? profile.sessionIndex : undefined },
      },
    };
  }

  /** SP metadata for the IdP admin (entity id, ACS, our SLO endpoint when the IdP has single logout, and our signing certificate when we sign). */
  metadata(connection: SsoConnection): string {
    const settings = samlSettingsSchema.parse(connection.settings);
    return this.samlFor(connection, settings).generateServiceProviderMetadata(null, this.config.SAML_SP_CERTIFICATE ?? null);
  }
}
