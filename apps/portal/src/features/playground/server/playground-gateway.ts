import 'server-only';
import { z } from 'zod';
import { upstreamRequestHeaders } from '../../../server/admin-api-forwarder';
import { problemResponse } from '../../../server/problem-response';
import { playgroundChatRequestSchema, playgroundSessionRequestSchema, type PlaygroundSession } from '../playground-schemas';

/** What the admin API's `POST /api/v1/playground/session-key` answers (the secret never leaves the portal server). */
const sessionKeySchema = z.object({
  keyId: z.string(),
  secret: z.string(),
  teamId: z.string(),
  teamName: z.string(),
  allowedModels: z.array(z.string()),
  expiresAt: z.string(),
  createdAt: z.string(),
  reused: z.boolean(),
});
type SessionKey = z.output<typeof sessionKeySchema>;

const modelListSchema = z.object({ data: z.array(z.object({ id: z.string() })) });

/** Gateway headers worth showing next to a reply. */
const RELAYED_GATEWAY_HEADERS = ['content-type', 'x-request-id', 'x-sluice-model', 'x-sluice-provider', 'x-sluice-deployment', 'x-sluice-cache'] as const;

/** A freshly minted key reaches every gateway within about a second (config publishing); until then the gateway answers 401. */
const FRESH_KEY_WINDOW_MS = 15_000;
const FRESH_KEY_RETRY_DELAY_MS = 250;

export interface PlaygroundGatewayOptions {
  adminApiUrl: string;
  /** The gateway's OpenAI base URL (`…/v1`). */
  gatewayBaseUrl: string;
  fetchImpl?: typeof fetch;
}

/**
 * The portal side of the playground: gets the user's short-lived session key from the admin API
 * (with the browser's cookie and CSRF token) and calls the gateway with it, so the browser only
 * talks to the portal and never holds the key.
 */
export class PlaygroundGateway {
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly options: PlaygroundGatewayOptions) {
    this.fetchImpl = options.fetchImpl ?? fetch;
  }

  /** The team and the models the session key may call (the gateway's `/v1/models` for that key). */
  async session(request: Request): Promise<Response> {
    const input = playgroundSessionRequestSchema.safeParse(await request.json().catch(() => ({})));
    if (!input.success) return problemResponse(400, 'validation-failed', 'Bad Request', 'The playground session request is not valid.');
    const key = await this.sessionKey(request, input.data.teamId);
    if (key instanceof Response) return key;
    const called = await this.callGateway(key, '/models', { method: 'GET' }, request.signal);
    if ('problem' in called) return called.problem;
    const models = called.upstream;
    if (!models.ok) return relayGatewayError(models);
    const parsed = modelListSchema.safeParse(await models.json().catch(() => null));
    if (!parsed.success) return problemResponse(502, 'gateway-unexpected-answer', 'Bad Gateway', 'The gateway answered /v1/models in an unexpected format. Check that the portal and gateway versions match.');
    const body: PlaygroundSession = { teamId: key.teamId, teamName: key.teamName, expiresAt: key.expiresAt, models: parsed.data.data.map((m) => m.id).sort() };
    return Response.json(body, { headers: { 'cache-control': 'no-store' } });
  }

  /** Streams a chat completion from the gateway back to the browser (server-sent events, usage in the last chunk). */
  async chat(request: Request): Promise<Response> {
    const input = playgroundChatRequestSchema.safeParse(await request.json().catch(() => null));
    if (!input.success) {
      const first = input.error.issues[0];
      return problemResponse(400, 'validation-failed', 'Bad Request', `The chat request is not valid (${first.path.join('.') || 'body'}: ${first.message}).`);
    }
    const { teamId, ...chat } = input.data;
    const key = await this.sessionKey(request, teamId);
    if (key instanceof Response) return key;
    const body = JSON.stringify({ ...chat, stream: true, stream_options: { include_usage: true } });
    const called = await this.callGateway(key, '/chat/completions', { method: 'POST', body, headers: { 'content-type': 'application/json', accept: 'text/event-stream' } }, request.signal);
    if ('problem' in called) return called.problem;
    const upstream = called.upstream;
    if (!upstream.ok) return relayGatewayError(upstream);
    const headers = new Headers({ 'cache-control': 'no-store', 'x-sluice-playground-team': key.teamId });
    for (const name of RELAYED_GATEWAY_HEADERS) {
      const value = upstream.headers.get(name);
      if (value !== null) headers.set(name, value);
    }
    return new Response(upstream.body, { status: upstream.status, headers });
  }

  private async sessionKey(request: Request, teamId: string | undefined): Promise<SessionKey | Response> {
    const url = new URL(request.url);
    const requestId = request.headers.get('x-request-id') ?? crypto.randomUUID();
    const headers = upstreamRequestHeaders(request.headers, url, requestId);
    headers.set('content-type', 'application/json');
    headers.set('accept', 'application/json');
    let res: Response;
    try {
      res = await this.fetchImpl(`${this.options.adminApiUrl.replace(/\/+$/, '')}/api/v1/playground/session-key`, {
        method: 'POST',
        headers,
        body: JSON.stringify(teamId ? { teamId } : {}),
        cache: 'no-store',
        signal: AbortSignal.any([request.signal, AbortSignal.timeout(15_000)]),
      });
    } catch (err) {
      console.error(`admin API request failed [${requestId}] POST /api/v1/playground/session-key: ${err instanceof Error ? err.message : String(err)}`);
      return problemResponse(502, 'admin-api-unreachable', 'Bad Gateway', 'The portal could not reach the admin API for a playground key. Try again in a moment; if it persists, tell your administrator.');
    }
    if (!res.ok) {
      // The admin API's problem+json (403 for roles without keys, 409 without a team) says what to do.
      return new Response(res.body, { status: res.status, headers: { 'content-type': res.headers.get('content-type') ?? 'application/problem+json', 'cache-control': 'no-store' } });
    }
    const parsed = sessionKeySchema.safeParse(await res.json().catch(() => null));
    if (!parsed.success) return problemResponse(502, 'admin-api-unexpected-answer', 'Bad Gateway', 'The admin API answered in an unexpected format. Check that the portal and admin API versions match.');
    return parsed.data;
  }

  /** Calls the gateway with the session key; a just-minted key the gateway does not know yet is retried until it does. */
  private async callGateway(key: SessionKey, path: string, init: RequestInit, signal: AbortSignal): Promise<{ upstream: Response } | { problem: Response }> {
    const url = `${this.options.gatewayBaseUrl.replace(/\/+$/, '')}${path}`;
    const freshUntil = Date.parse(key.createdAt) + FRESH_KEY_WINDOW_MS;
    for (;;) {
      let res: Response;
      try {
        res = await this.fetchImpl(url, { ...init, headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${key.secret}` }, cache: 'no-store', signal });
      } catch (err) {
        if (signal.aborted) throw err;
        console.error(`gateway request failed ${init.method ?? 'GET'} ${path}: ${err instanceof Error ? err.message : String(err)}`);
        return { problem: problemResponse(502, 'gateway-unreachable', 'Bad Gateway', 'The portal could not reach the gateway. Check that the gateway is running and that the portal’s GATEWAY_PUBLIC_URL points to it.') };
      }
      if (res.status !== 401 || Date.now() > freshUntil) return { upstream: res };
      await res.body?.cancel();
      await new Promise((resolve) => setTimeout(resolve, FRESH_KEY_RETRY_DELAY_MS));
    }
  }
}

/** The gateway's error (OpenAI format) as problem+json, so the browser reads every failure the same way. */
async function relayGatewayError(res: Response): Promise<Response> {
  const body = (await res.json().catch(() => null)) as { error?: { message?: unknown } } | null;
  const message = typeof body?.error?.message === 'string' ? body.error.message : `The gateway refused the request (HTTP ${res.status}).`;
  const requestId = res.headers.get('x-request-id');
  return problemResponse(res.status, 'gateway-error', 'Gateway error', message, requestId ? { 'x-request-id': requestId } : undefined);
}
