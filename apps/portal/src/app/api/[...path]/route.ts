import { forwardToAdminApi } from '../../../server/admin-api-forwarder';
import { portalConfig } from '../../../server/portal-config';

// Every /api/* call is relayed to the admin API, so the browser only ever talks to the portal origin.
export const dynamic = 'force-dynamic';

function forward(request: Request): Promise<Response> {
  return forwardToAdminApi(request, { adminApiUrl: portalConfig().ADMIN_API_URL });
}

export { forward as GET, forward as POST, forward as PUT, forward as PATCH, forward as DELETE, forward as HEAD, forward as OPTIONS };
