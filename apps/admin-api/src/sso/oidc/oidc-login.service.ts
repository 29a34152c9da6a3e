import { Inject, Injectable } from '@nestjs/common';
import type { SsoConnection } from '@sluice/db';
import { ADMIN_API_CONFIG, type AdminApiConfig } from '../../config/admin-api-config';
import { oidcSettingsSchema, spUrlsOf, type OidcSettings } from '../connections/sso-connection.dto';
import { SsoConnectionsService } from '../connections/sso-connections.service';
import { LoginAttemptStore, type LoginAttempt } from '../login/login-attempt.store';
import type { IdpProfile } from '../provisioning/jit-provisioner';
import { oidc, type OidcConfiguration } from './openid-client';

/** Discovery documents are reused this long per connection (and refetched after the connection changes). */
const DISCOVERY_TTL_MS = 5 * 60 * 1000;
/** Clock skew tolerated on exp/iat/nbf. */
const CLOCK_TOLERANCE_SECONDS = 60;
const HTTP_TIMEOUT_SECONDS = 10;

export class OidcLoginError extends Error {
  /** The sign-in attempt the failure belongs to, once known (a "test connection" run records its failures). */
  attempt: LoginAttempt | null = null;

  constructor(readonly reason: string, message: string) {
    super(message);
    this.name = 'OidcLoginError';
  }
}

function jwsAlgOf(token: string): string | null {
  try {
    const header = JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8')) as { alg?: unknown };
    return typeof header.alg === 'string' ? header.alg : null;
  } catch {
    return null;
  }
}

/**
 * OIDC authorization code flow with PKCE (S256) on openid-client v6: discovery (issuer must match),
 * `state` + `nonce` + verifier stored server-side for one use, RFC 9207 `iss` checked when the OP
 * sends it, ID token alg restricted to the connection's allow-list (never `none` or HS*), aud/azp/exp
 * checked by openid-client with a small clock tolerance.
 */
@Injectable()
export class OidcLoginService {
  private readonly discovered = new Map<string, { config: OidcConfiguration; key: string; expiresAt: number }>();

  constructor(
    private readonly connections: SsoConnectionsService,
    private readonly attempts: LoginAttemptStore,
    @Inject(ADMIN_API_CONFIG) private readonly config: AdminApiConfig,
  ) {}

  async start(connection: SsoConnection, returnTo: string, testId?: string): Promise<string> {
    const settings = oidcSettingsSchema.parse(connection.settings);
    const configuration = await this.configurationFor(connection, settings);
    const state = LoginAttemptStore.newId();
    const nonce = oidc.randomNonce();
    const codeVerifier = oidc.randomPKCECodeVerifier();
    await this.attempts.save(state, { connectionId: connection.id, orgId: connection.orgId, returnTo, codeVerifier, nonce, ...(testId ? { testId } : {}) });
    return oidc
      .buildAuthorizationUrl(configuration, {
        redirect_uri: this.redirectUri(connection),
        scope: settings.scopes.join(' '),
        code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
        state,
        nonce,
      })
      .toString();
  }

  /** Validates the callback and redeems the code. Returns the profile and the attempt it belongs to. */
  async callback(connection: SsoConnection, query: Record<string, string>): Promise<{ profile: IdpProfile; attempt: LoginAttempt }> {
    const settings = oidcSettingsSchema.parse(connection.settings);
    const state = query.state ?? '';
    const attempt = await this.attempts.take(state);
    if (!attempt || attempt.connectionId !== connection.id || !attempt.codeVerifier || !attempt.nonce) {
      throw new OidcLoginError('invalid_state', 'The sign-in state is unknown, expired or already used.');
    }
    try {
      return await this.redeem(connection, settings, state, attempt, query);
    } catch (err) {
      if (err instanceof OidcLoginError) err.attempt = attempt;
      throw err;
    }
  }

  private async redeem(connection: SsoConnection, settings: OidcSettings, state: string, attempt: LoginAttempt, query: Record<string, string>): Promise<{ profile: IdpProfile; attempt: LoginAttempt }> {
    if (!attempt.codeVerifier || !attempt.nonce) throw new OidcLoginError('invalid_state', 'The sign-in state is not an OIDC one.');
    if (query.error) throw new OidcLoginError('idp_error', `The identity provider answered ${query.error}${query.error_description ? `: ${query.error_description.slice(0, 300)}` : ''}.`);
    const configuration = await this.configurationFor(connection, settings);
    const currentUrl = new URL(this.redirectUri(connection));
    for (const [name, value] of Object.entries(query)) currentUrl.searchParams.set(name, value);
    let claims: Record<string, unknown> | undefined;
    try {
      const tokens = await oidc.authorizationCodeGrant(configuration, currentUrl, {
        pkceCodeVerifier: attempt.codeVerifier,
        expectedState: state,
        expectedNonce: attempt.nonce,
        idTokenExpected: true,
      });
      claims = tokens.claims() as Record<string, unknown> | undefined;
    } catch (err) {
      throw new OidcLoginError('token_validation_failed', err instanceof Error ? err.message : String(err));
    }
    if (!claims) throw new OidcLoginError('token_validation_failed', 'No ID token.');
    const mapping = settings.claimMapping;
    const groupsClaim = claims[mapping.groups];
    const groups = Array.isArray(groupsClaim) ? groupsClaim.filter((g): g is string => typeof g === 'string') : typeof groupsClaim === 'string' ? [groupsClaim] : [];
    const email = typeof claims[mapping.email] === 'string' ? (claims[mapping.email] as string) : '';
    const name = typeof claims[mapping.name] === 'string' ? (claims[mapping.name] as string) : null;
    return {
      attempt,
      profile: {
        orgId: connection.orgId,
        connectionId: connection.id,
        method: 'oidc',
        subject: String(claims.sub),
        email,
        emailVerified: claims.email_verified === true,
        name,
        groups,
      },
    };
  }

  redirectUri(connection: SsoConnection): string {
    return spUrlsOf(this.config.PUBLIC_BASE_URL, connection).redirectUri as string;
  }

  private async configurationFor(connection: SsoConnection, settings: OidcSettings): Promise<OidcConfiguration> {
    const key = `${connection.updatedAt.getTime()}`;
    const cached = this.discovered.get(connection.id);
    if (cached && cached.key === key && cached.expiresAt > Date.now()) return cached.config;
    if (!connection.clientSecretSealed || !connection.clientSecretKeyId) throw new OidcLoginError('misconfigured', 'The connection has no client secret.');
    const clientSecret = this.connections.cipher.decrypt({ ciphertext: connection.clientSecretSealed, keyId: connection.clientSecretKeyId });
    const issuer = new URL(settings.issuer);
    const allowed = new Set<string>(settings.allowedAlgs);
    // Every response carrying an id_token is checked against the alg allow-list before openid-client sees it.
    const guardedFetch: typeof fetch = async (url, init) => {
      const res = await fetch(url, { ...init, redirect: 'manual' });
      if (!res.headers.get('content-type')?.includes('json')) return res;
      const body = (await res.clone().json().catch(() => null)) as { id_token?: unknown } | null;
      if (body && typeof body.id_token === 'string') {
        const alg = jwsAlgOf(body.id_token);
        if (!alg || !allowed.has(alg)) throw new OidcLoginError('alg_not_allowed', `ID token signed with ${alg ?? 'no'} algorithm, not in the allow-list.`);
      }
      return res;
    };
    let configuration: OidcConfiguration;
    try {
      configuration = await oidc.discovery(
        issuer,
        settings.clientId,
        { client_secret: clientSecret, [oidc.clockTolerance]: CLOCK_TOLERANCE_SECONDS },
        oidc.ClientSecretPost(clientSecret),
        {
          [oidc.customFetch]: guardedFetch as never,
          timeout: HTTP_TIMEOUT_SECONDS,
          ...(issuer.protocol === 'http:' ? { execute: [oidc.allowInsecureRequests] } : {}),
        },
      );
    } catch (err) {
      throw new OidcLoginError('discovery_failed', err instanceof Error ? err.message : String(err));
    }
    this.discovered.set(connection.id, { config: configuration, key, expiresAt: Date.now() + DISCOVERY_TTL_MS });
    return configuration;
  }
}
