import 'server-only';
import { portalConfig } from '../../../server/portal-config';
import { PlaygroundGateway } from './playground-gateway';

let instance: PlaygroundGateway | undefined;

/** The playground's gateway client, configured from the portal's settings. */
export function playgroundGateway(): PlaygroundGateway {
  const { ADMIN_API_URL, gatewayBaseUrl } = portalConfig();
  return (instance ??= new PlaygroundGateway({ adminApiUrl: ADMIN_API_URL, gatewayBaseUrl }));
}
