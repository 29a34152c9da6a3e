import { SetMetadata } from '@nestjs/common';
import type { Permission } from './permissions';

export const PUBLIC_ROUTE = 'sluice:public-route';
export const REQUIRED_PERMISSION = 'sluice:required-permission';
export const SCIM_ROUTE = 'sluice:scim-route';

/** The route needs no session (health, login). Every other route must declare a permission. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_ROUTE, true);

/**
 * A SCIM 2.0 route: no session; the controller's own guard authenticates the org's SCIM bearer token
 * (see src/scim/scim-token.guard.ts). The global AuthGuard lets it through to that guard.
 */
export const ScimTokenRoute = (): MethodDecorator & ClassDecorator => SetMetadata(SCIM_ROUTE, true);

/** The signed-in caller needs this permission in the organization the request is about. */
export const RequirePermission = (permission: Permission): MethodDecorator & ClassDecorator => SetMetadata(REQUIRED_PERMISSION, permission);
