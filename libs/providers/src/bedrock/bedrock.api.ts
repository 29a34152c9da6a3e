import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { ProviderTarget, UpstreamRequest } from '../core/provider-adapter';
import { providerLabel } from '../core/define-adapter';

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export class BedrockConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BedrockConfigError';
  }
}

/** Option `region`, else the region in a `bedrock-runtime.<region>.amazonaws.com` base URL. */
export function bedrockRegion(target: ProviderTarget): string {
  const region = target.provider.options.region ?? /bedrock-runtime(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com/.exec(target.provider.baseUrl)?.[1];
  if (!region) throw new BedrockConfigError(`Provider ${providerLabel(target)} needs option 'region' (or a regional bedrock-runtime base URL).`);
  return region;
}

/**
 * Credentials from options `accessKeyId`/`secretAccessKey`/`sessionToken`, or from the encrypted
 * `apiKey` as JSON (`{"accessKeyId","secretAccessKey","sessionToken"}`) or `AKID:SECRET[:TOKEN]`.
 */
export function bedrockCredentials(target: ProviderTarget): AwsCredentials {
  const { apiKey, options } = target.provider;
  let fromKey: Partial<AwsCredentials> = {};
  if (apiKey?.trim().startsWith('{')) fromKey = JSON.parse(apiKey) as Partial<AwsCredentials>;
  else if (apiKey) {
    const [accessKeyId, secretAccessKey, sessionToken] = apiKey.split(':');
    fromKey = { accessKeyId, secretAccessKey, sessionToken };
  }
  const accessKeyId = options.accessKeyId ?? fromKey.accessKeyId;
  const secretAccessKey = options.secretAccessKey ?? fromKey.secretAccessKey;
  const sessionToken = options.sessionToken ?? fromKey.sessionToken;
  if (!accessKeyId || !secretAccessKey) throw new BedrockConfigError(`Provider ${providerLabel(target)} has no AWS access key id and secret.`);
  return { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
}

export function bedrockUrl(target: ProviderTarget, stream: boolean): URL {
  const base = target.provider.baseUrl.replace(/\/+$/, '');
  const model = encodeURIComponent(target.deployment.upstreamModel);
  return new URL(`${base}/model/${model}/${stream ? 'converse-stream' : 'converse'}`);
}

/** Signs with SigV4 (service `bedrock`) — or sends a Bedrock API key as a bearer token when `authMode=bearer`. */
export async function signedBedrockRequest(target: ProviderTarget, url: URL, body: string, stream: boolean, now: () => Date): Promise<UpstreamRequest> {
  const headers: Record<string, string> = {
    host: url.host,
    'content-type': 'application/json',
    accept: stream ? 'application/vnd.amazon.eventstream' : 'application/json',
  };
  if (target.provider.options.authMode === 'bearer') {
    return { url: url.toString(), method: 'POST', headers: { ...headers, authorization: `Bearer ${target.provider.apiKey ?? ''}` }, body };
  }
  const signer = new SignatureV4({ service: 'bedrock', region: bedrockRegion(target), credentials: bedrockCredentials(target), sha256: Sha256 });
  const request = new HttpRequest({
    method: 'POST',
    protocol: url.protocol,
    hostname: url.hostname,
    ...(url.port ? { port: Number(url.port) } : {}),
    path: url.pathname,
    headers,
    body,
  });
  const signed = await signer.sign(request, { signingDate: now() });
  return { url: url.toString(), method: 'POST', headers: signed.headers, body };
}
