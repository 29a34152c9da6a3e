// A real, certified OpenID Provider (the `oidc-provider` package) for the SSO tests and the e2e journey.
/* global process */
// ESM-only, so it runs in its own process: `node oidc-provider.mjs` with
//   OP_PORT     port to listen on (issuer http://127.0.0.1:<port>)
//   OP_CLIENTS  JSON array of client metadata (client_id, client_secret, redirect_uris)
//   OP_ACCOUNTS_FILE a JSON file: login name → claims ({ sub, email, email_verified, name, groups }),
//               read at every sign-in so a test can change a user's groups at the IdP
// Sign-in uses oidc-provider's own interaction pages (login form, consent form).
import { readFileSync } from 'node:fs';
import Provider from 'oidc-provider';

const port = Number(process.env.OP_PORT);
const issuer = `http://127.0.0.1:${port}`;
const accounts = () => JSON.parse(readFileSync(process.env.OP_ACCOUNTS_FILE, 'utf8'));
const clients = JSON.parse(process.env.OP_CLIENTS ?? '[]');

const provider = new Provider(issuer, {
  clients: clients.map((c) => ({ grant_types: ['authorization_code'], response_types: ['code'], token_endpoint_auth_method: 'client_secret_post', ...c })),
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'], groups: ['groups'] },
  scopes: ['openid', 'email', 'profile', 'groups'],
  conformIdTokenClaims: false,
  cookies: { keys: ['sluice-test-op-cookie-key-0123456789'] },
  pkce: { required: () => true },
  features: { devInteractions: { enabled: true } },
  findAccount: (_ctx, id) => {
    const claims = accounts()[id];
    if (!claims) return undefined;
    return { accountId: id, claims: () => ({ ...claims, sub: claims.sub ?? id }) };
  },
});

const server = provider.listen(port, '127.0.0.1', () => {
  process.stdout.write(`oidc-provider listening on ${issuer}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
