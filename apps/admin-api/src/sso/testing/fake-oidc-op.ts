import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A controllable OpenID Provider for the negative tests: real discovery, JWKS and token endpoint,
 * but the token endpoint answers with whatever ID token the test crafted (wrong issuer, wrong
 * audience, expired, `alg: none`, HS256 keyed with the public key…), which a real OP never produces.
 */
export interface FakeOidcOp {
  issuer: string;
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** The next token response's id_token. */
  setNextIdToken(token: string): void;
  close(): Promise<void>;
}

export async function startFakeOidcOp(): Promise<FakeOidcOp> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = 'fake-op-key-1';
  let nextIdToken = '';
  let issuer = '';
  const server: Server = createServer((req, res) => {
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify(body));
    };
    if (req.url === '/.well-known/openid-configuration') {
      return json(200, {
        issuer,
        authorization_endpoint: `${issuer}/auth`,
        token_endpoint: `${issuer}/token`,
        jwks_uri: `${issuer}/jwks`,
        response_types_supported: ['code'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
        code_challenge_methods_supported: ['S256'],
        authorization_response_iss_parameter_supported: true,
      });
    }
    if (req.url === '/jwks') return json(200, { keys: [{ ...publicKey.export({ format: 'jwk' }), kid, use: 'sig', alg: 'RS256' }] });
    if (req.url === '/token' && req.method === 'POST') {
      req.resume();
      req.on('end', () => json(200, { access_token: 'fake-access-token', token_type: 'Bearer', expires_in: 300, id_token: nextIdToken }));
      return;
    }
    json(404, { error: 'not_found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    issuer,
    kid,
    privateKey,
    publicKey,
    setNextIdToken: (token) => void (nextIdToken = token),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
