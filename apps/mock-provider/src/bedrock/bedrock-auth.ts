import { createHash, timingSafeEqual } from 'node:crypto';
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { FastifyRequest } from 'fastify';

/** The only AWS credentials the mock's Bedrock side knows (like AWS's own examples: clearly not real). */
export const MOCK_AWS_ACCESS_KEY_ID = 'AKIDMOCKBEDROCK';
export const MOCK_AWS_SECRET_ACCESS_KEY = 'mock/bedrock/secret+KEY';
/** The Bedrock API key (`Authorization: Bearer`) the mock accepts. */
export const MOCK_BEDROCK_API_KEY = 'mock-bedrock-api-key';

/** Like AWS: a request signed more than 5 minutes away from the server's clock is refused. */
const MAX_CLOCK_SKEW_MS = 5 * 60 * 1000;

export interface AuthFailure {
  status: number;
  exception: string;
  message: string;
}

const fail = (exception: string, message: string, status = 403): AuthFailure => ({ status, exception, message });
const INVALID_TOKEN = fail('UnrecognizedClientException', 'The security token included in the request is invalid.');
const SIGNATURE_MISMATCH = fail(
  'InvalidSignatureException',
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
);

interface ParsedAuthorization {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

function parseAuthorization(value: string): ParsedAuthorization | null {
  const match = /^AWS4-HMAC-SHA256 Credential=([^/,\s]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request,\s*SignedHeaders=([a-z0-9;-]+),\s*Signature=([0-9a-f]{64})$/.exec(value.trim());
  if (!match) return null;
  const [, accessKeyId, date, region, service, signedHeaders, signature] = match;
  return { accessKeyId, date, region, service, signedHeaders: signedHeaders.split(';'), signature };
}

/** `20250301T120000Z` → Date, or null. */
function parseAmzDate(value: string | undefined): Date | null {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value ?? '');
  return match ? new Date(Date.UTC(+match[1], +match[2] - 1, +match[3], +match[4], +match[5], +match[6])) : null;
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** Signs the request as received, over the headers the client says it signed, with the mock's secret. */
async function expectedAuthorization(request: FastifyRequest, auth: ParsedAuthorization, signingDate: Date, body: Buffer): Promise<string> {
  const url = new URL(request.url, 'http://mock');
  const headers: Record<string, string> = {};
  for (const name of auth.signedHeaders) headers[name] = header(request, name) ?? '';
  // The signer would take a signed x-amz-content-sha256 on trust: the hash of the body as received goes there instead.
  if ('x-amz-content-sha256' in headers) headers['x-amz-content-sha256'] = createHash('sha256').update(body).digest('hex');
  const sessionToken = header(request, 'x-amz-security-token');
  const signer = new SignatureV4({
    service: auth.service,
    region: auth.region,
    credentials: { accessKeyId: auth.accessKeyId, secretAccessKey: MOCK_AWS_SECRET_ACCESS_KEY, ...(sessionToken ? { sessionToken } : {}) },
    sha256: Sha256,
  });
  const query: Record<string, string> = Object.fromEntries(url.searchParams);
  // The raw path (still percent-encoded, e.g. `v1%3A0`): SigV4 encodes it once more, as the client did.
  const path = request.url.split('?')[0];
  const signed = await signer.sign(new HttpRequest({ method: request.method, protocol: 'http:', hostname: url.hostname, path, query, headers, body }), { signingDate });
  return String(signed.headers.authorization ?? '');
}

/**
 * Checks a request the way Bedrock Runtime does: a SigV4 `Authorization` header for the mock's
 * access key, scoped to service `bedrock`, signed within 5 minutes, whose signature matches the
 * one computed with the mock's secret over the same method, path, signed headers and body — or
 * a Bedrock API key as a bearer token. Returns the 403 to send, or null when the request may pass.
 */
export async function bedrockAuthFailure(request: FastifyRequest, body: Buffer, now = new Date()): Promise<AuthFailure | null> {
  const authorization = header(request, 'authorization');
  if (!authorization) return fail('MissingAuthenticationTokenException', 'Missing Authentication Token');
  if (/^Bearer\s/i.test(authorization)) return sameText(authorization.replace(/^Bearer\s+/i, ''), MOCK_BEDROCK_API_KEY) ? null : INVALID_TOKEN;
  const auth = parseAuthorization(authorization);
  if (!auth) return fail('IncompleteSignatureException', `Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters. Authorization=${authorization.split(' ')[0]}`, 400);
  if (auth.accessKeyId !== MOCK_AWS_ACCESS_KEY_ID) return INVALID_TOKEN;
  if (auth.service !== 'bedrock') return fail('InvalidSignatureException', "Credential should be scoped to correct service: 'bedrock'.");
  const amzDate = header(request, 'x-amz-date');
  const signingDate = parseAmzDate(amzDate);
  if (!signingDate || !auth.signedHeaders.includes('x-amz-date') || !auth.signedHeaders.includes('host')) {
    return fail('IncompleteSignatureException', 'Signature must include the signed headers host and x-amz-date.', 400);
  }
  if (amzDate!.slice(0, 8) !== auth.date) return fail('InvalidSignatureException', `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${auth.date}' != '${amzDate!.slice(0, 8)}'`);
  if (Math.abs(now.getTime() - signingDate.getTime()) > MAX_CLOCK_SKEW_MS) {
    return fail('InvalidSignatureException', `Signature expired: ${amzDate} is now earlier or later than the server time ${now.toISOString()} (5 min. allowed).`);
  }
  const expected = parseAuthorization(await expectedAuthorization(request, auth, signingDate, body));
  const same = expected !== null && expected.signedHeaders.join(';') === auth.signedHeaders.join(';') && sameText(expected.signature, auth.signature);
  return same ? null : SIGNATURE_MISMATCH;
}
