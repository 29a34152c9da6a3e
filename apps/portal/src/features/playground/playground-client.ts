'use client';

import { apiErrorFrom } from '../../api/api-error';
import { readChatStream, type ChatStreamEvent } from './chat-stream';
import { playgroundSessionSchema, type PlaygroundChatRequest, type PlaygroundSession } from './playground-schemas';

/** The signed-in user's CSRF token and active org, which the portal passes on to the admin API to mint the session key. */
export interface PlaygroundCredentials {
  csrfToken: string;
  orgId: string | null;
}

/** What the gateway said about who served a reply (from its `x-sluice-*` headers). */
export interface ServedBy {
  model: string | null;
  provider: string | null;
  requestId: string | null;
}

export interface ChatStream {
  servedBy: ServedBy;
  events: AsyncIterable<ChatStreamEvent>;
}

/** Sends one chat turn; resolves once the gateway started answering, then yields the reply as it streams. */
export type ChatSender = (request: PlaygroundChatRequest, signal: AbortSignal) => Promise<ChatStream>;

function headersFor(credentials: PlaygroundCredentials): Record<string, string> {
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': credentials.csrfToken };
  if (credentials.orgId) headers['x-sluice-org'] = credentials.orgId;
  return headers;
}

async function post(path: string, body: unknown, credentials: PlaygroundCredentials, signal: AbortSignal): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(path, { method: 'POST', headers: headersFor(credentials), body: JSON.stringify(body), cache: 'no-store', credentials: 'same-origin', signal });
  } catch (err) {
    if (signal.aborted) throw err;
    throw new Error('The portal is not responding. Check your network connection and try again.');
  }
  if (!res.ok) throw apiErrorFrom(res.status, await res.json().catch(() => null));
  // Without a session cookie the portal sends every page request to sign-in; fetch follows that redirect.
  if (res.redirected && new URL(res.url).pathname === '/sign-in') throw new Error(SESSION_ENDED);
  return res;
}

const SESSION_ENDED = 'Your session has ended. Reload the page to sign in again.';

/** Starts or resumes the playground session: which team pays and which models the session key may call. */
export async function startPlaygroundSession(credentials: PlaygroundCredentials, teamId: string | undefined, signal: AbortSignal): Promise<PlaygroundSession> {
  const res = await post('/playground/session', teamId ? { teamId } : {}, credentials, signal);
  const parsed = playgroundSessionSchema.safeParse(await res.json().catch(() => null));
  if (!parsed.success) throw new Error('The portal answered in an unexpected format. Reload the page.');
  return parsed.data;
}

/** The chat sender the playground uses: the portal relays the turn to the gateway with the session key. */
export function portalChatSender(credentials: PlaygroundCredentials): ChatSender {
  return async (request, signal) => {
    const res = await post('/playground/chat', request, credentials, signal);
    if (!res.body) throw new Error('The gateway sent an empty answer. Try again.');
    if (!(res.headers.get('content-type') ?? '').includes('text/event-stream')) {
      await res.body.cancel();
      throw new Error('The portal answered in an unexpected format. Reload the page and try again.');
    }
    return {
      servedBy: { model: res.headers.get('x-sluice-model'), provider: res.headers.get('x-sluice-provider'), requestId: res.headers.get('x-request-id') },
      events: readChatStream(res.body),
    };
  };
}
