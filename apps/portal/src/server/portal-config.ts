import 'server-only';
import { booleanSchema, parseEnv, portalEnvSchema, type PortalEnv } from '@sluice/contracts';
import { openAiBaseUrl } from './gateway-url';

/**
 * The portal's settings, parsed once from the environment.
 * PORTAL_TLS is portal-only: set it when the portal is served over HTTPS (directly or behind a
 * TLS-terminating proxy) to send HSTS and upgrade-insecure-requests.
 */
const portalSettingsSchema = portalEnvSchema.extend({
  PORTAL_TLS: booleanSchema(false),
});

export type PortalConfig = PortalEnv & { PORTAL_TLS: boolean; gatewayBaseUrl: string };

let cached: PortalConfig | undefined;

export function portalConfig(): PortalConfig {
  if (!cached) {
    const env = parseEnv('portal', portalSettingsSchema);
    cached = { ...env, gatewayBaseUrl: openAiBaseUrl(env.GATEWAY_PUBLIC_URL) };
  }
  return cached;
}
