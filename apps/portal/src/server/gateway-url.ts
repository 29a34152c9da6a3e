/** The base URL an OpenAI SDK needs: the gateway origin with `/v1`, whether or not the setting includes it. */
export function openAiBaseUrl(gatewayPublicUrl: string): string {
  const trimmed = gatewayPublicUrl.replace(/\/+$/, '');
  return trimmed.endsWith('/v1') ? trimmed : `${trimmed}/v1`;
}
