import { declaredRoutes } from '../testing/declared-routes';
import { PERMISSIONS } from './permissions';

const PUBLIC_ALLOWED = new Set([
  'GET /health/live', 'GET /health/ready', 'POST /api/v1/auth/login',
  'GET /api/docs',
  'GET /api/docs/openapi.json',
  'GET /api/docs/assets/:file',
  // SSO sign-in: the browser and the IdP reach these without a session.
  'GET /api/v1/auth/sso/discover', 'GET /api/v1/auth/sso/:connectionId/start', 'GET /api/v1/auth/sso/oidc/:connectionId/callback',
  'POST /api/v1/auth/sso/saml/:connectionId/acs', 'GET /api/v1/auth/sso/saml/:connectionId/metadata',
  // SAML single logout: the IdP's (signed) LogoutRequest/LogoutResponse arrive through the browser without our session.
  'POST /api/v1/auth/sso/saml/:connectionId/slo', 'GET /api/v1/auth/sso/saml/:connectionId/slo',
  'GET /api/v1/audit/exports/:id/file', 'GET /api/v1/audit/exports/:id/manifest',
  'GET /api/v1/usage-reports/:id/file', 'GET /api/v1/usage-reports/:id/manifest',
]);

describe('route permissions', () => {
  const routes = declaredRoutes();

  it('finds the routes', () => {
    expect(routes.length).toBeGreaterThanOrEqual(6);
  });

  it('every route is @Public() or declares a known permission', () => {
    const undeclared = routes.filter((r) => r.access === null).map((r) => `${r.method} ${r.path}`);
    expect(undeclared).toEqual([]);
    for (const route of routes) {
      if (route.access && 'permission' in route.access) expect(PERMISSIONS).toContain(route.access.permission);
    }
  });

  it('only SCIM 2.0 routes authenticate with a SCIM token', () => {
    const scimRoutes = routes.filter((r) => r.access && 'scim' in r.access).map((r) => r.path);
    expect(scimRoutes.length).toBeGreaterThan(0);
    for (const path of scimRoutes) expect(path).toMatch(/^\/scim\/v2\//);
  });

  it('only the expected routes are public', () => {
    const publicRoutes = routes.filter((r) => r.access && 'public' in r.access).map((r) => `${r.method} ${r.path}`);
    for (const route of publicRoutes) expect(PUBLIC_ALLOWED).toContain(route);
  });
});
