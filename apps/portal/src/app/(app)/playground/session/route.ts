import { playgroundGateway } from '../../../../features/playground/server/playground-gateway-instance';

// Starts (or resumes) the user's playground session: a short-lived gateway key kept on the server.
export const dynamic = 'force-dynamic';

export function POST(request: Request): Promise<Response> {
  return playgroundGateway().session(request);
}
