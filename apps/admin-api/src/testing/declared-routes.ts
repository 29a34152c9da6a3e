import { ADMIN_API_CONTROLLERS } from '../admin-api.module';
import { declaredRoutesOf, type DeclaredRoute } from '../openapi/declared-routes';

export type { DeclaredRoute };

/** Every route of every admin API controller with what it declares. */
export function declaredRoutes(): DeclaredRoute[] {
  return declaredRoutesOf(ADMIN_API_CONTROLLERS);
}
