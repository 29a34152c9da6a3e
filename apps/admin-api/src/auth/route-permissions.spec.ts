import 'reflect-metadata';
import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ADMIN_API_CONTROLLERS } from '../admin-api.module';
import { PUBLIC_ROUTE, REQUIRED_PERMISSION } from './auth.decorators';
import { PERMISSIONS } from './permissions';

export interface DeclaredRoute {
  method: string;
  path: string;
  access: { public: true } | { permission: string } | null;
}

/** Every route of every admin API controller with what it declares (from Nest's own route metadata). */
export function declaredRoutes(): DeclaredRoute[] {
  const routes: DeclaredRoute[] = [];
  for (const controller of ADMIN_API_CONTROLLERS) {
    const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
    const proto = controller.prototype as unknown as Record<string, unknown>;
    for (const name of Object.getOwnPropertyNames(proto)) {
      const handler = proto[name];
      if (name === 'constructor' || typeof handler !== 'function') continue;
      const path = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      if (path === undefined || method === undefined) continue;
      const isPublic = Reflect.getMetadata(PUBLIC_ROUTE, handler) ?? Reflect.getMetadata(PUBLIC_ROUTE, controller);
      const permission = Reflect.getMetadata(REQUIRED_PERMISSION, handler) ?? Reflect.getMetadata(REQUIRED_PERMISSION, controller);
      routes.push({
        method: RequestMethod[method],
        path: `/${[base, path].filter((p) => p && p !== '/').join('/')}`.replace(/\/+/g, '/'),
        access: isPublic === true ? { public: true } : typeof permission === 'string' ? { permission } : null,
      });
    }
  }
  return routes;
}

const PUBLIC_ALLOWED = new Set(['GET /health/live', 'GET /health/ready', 'POST /api/v1/auth/login', 'GET /api/v1/stats/requests']);

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

  it('only the expected routes are public', () => {
    const publicRoutes = routes.filter((r) => r.access && 'public' in r.access).map((r) => `${r.method} ${r.path}`);
    for (const route of publicRoutes) expect(PUBLIC_ALLOWED).toContain(route);
  });
});
