import { playgroundGateway } from '../../../../features/playground/server/playground-gateway-instance';

// One chat turn, streamed from the gateway with the user's playground key.
export const dynamic = 'force-dynamic';

export function POST(request: Request): Promise<Response> {
  return playgroundGateway().chat(request);
}
