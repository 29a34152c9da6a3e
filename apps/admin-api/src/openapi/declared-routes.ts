import 'reflect-metadata';
import { RequestMethod, type Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { PUBLIC_ROUTE, REQUIRED_PERMISSION, SCIM_ROUTE } from '../auth/auth.decorators';
import { API_ROUTE, type ApiRouteSpec } from './api-route.decorator';

export interface DeclaredRoute {
  method: string;
  path: string;
  access: { public: true } | { permission: string } | { scim: true } | null;
  api: ApiRouteSpec | null;
}

/** Every route of the given controllers with what it declares (read from Nest's own route metadata). */
export function declaredRoutesOf(controllers: readonly Type[]): DeclaredRoute[] {
  const routes: DeclaredRoute[] = [];
  for (const controller of controllers) {
    const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
    const proto = controller.prototype as Record<string, unknown>;
    for (const name of Object.getOwnPropertyNames(proto)) {
      const handler = proto[name];
      if (name === 'constructor' || typeof handler !== 'function') continue;
      const path = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      if (path === undefined || method === undefined) continue;
      const isPublic = Reflect.getMetadata(PUBLIC_ROUTE, handler) ?? Reflect.getMetadata(PUBLIC_ROUTE, controller);
      const permission = Reflect.getMetadata(REQUIRED_PERMISSION, handler) ?? Reflect.getMetadata(REQUIRED_PERMISSION, controller);
      const scim = Reflect.getMetadata(SCIM_ROUTE, handler) ?? Reflect.getMetadata(SCIM_ROUTE, controller);
      routes.push({
        method: RequestMethod[method],
        path: `/${[base, path].filter((p) => p && p !== '/').join('/')}`.replace(/\/+/g, '/'),
        access: isPublic === true ? { public: true } : typeof permission === 'string' ? { permission } : scim === true ? { scim: true } : null,
        api: (Reflect.getMetadata(API_ROUTE, handler) as ApiRouteSpec | undefined) ?? null,
      });
    }
  }
  return routes;
}
