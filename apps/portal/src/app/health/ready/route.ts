import { portalConfig } from '../../../server/portal-config';
import { checkReadiness } from '../../../server/readiness';

export const dynamic = 'force-dynamic';

export async function GET(): Promise<Response> {
  const health = await checkReadiness(portalConfig().ADMIN_API_URL);
  return Response.json(health, { status: health.status === 'ok' ? 200 : 503, headers: { 'cache-control': 'no-store' } });
}
