import { portalChatSender, startPlaygroundSession } from './playground-client';

const credentials = { csrfToken: 'csrf-1', orgId: 'org-1' };
const request = { model: 'gpt-4o-mini', messages: [{ role: 'user' as const, content: 'Hi' }], temperature: 0.5, max_tokens: 20 };
let fetchMock: jest.Mock;

beforeEach(() => {
  fetchMock = jest.fn();
  globalThis.fetch = fetchMock as unknown as typeof fetch;
});

function redirectedToSignIn(): Response {
  const res = new Response('<html>sign in</html>', { headers: { 'content-type': 'text/html' } });
  Object.defineProperty(res, 'redirected', { value: true });
  Object.defineProperty(res, 'url', { value: 'http://portal.test/sign-in?returnTo=%2Fplayground%2Fchat' });
  return res;
}

describe('playground client', () => {
  it('sends the turn with the CSRF token and org, and reads the streamed reply', async () => {
    fetchMock.mockResolvedValueOnce(new Response('data: {"choices":[{"delta":{"content":"Hi!"}}]}\n\ndata: [DONE]\n\n', { headers: { 'content-type': 'text/event-stream', 'x-sluice-provider': 'Mock OpenAI' } }));
    const stream = await portalChatSender(credentials)(request, new AbortController().signal);
    const events = [];
    for await (const e of stream.events) events.push(e);
    expect(events).toEqual([{ type: 'delta', text: 'Hi!' }]);
    expect(stream.servedBy.provider).toBe('Mock OpenAI');
    const [url, init] = fetchMock.mock.calls[0];
    expect(url).toBe('/playground/chat');
    expect(init.headers).toMatchObject({ 'x-csrf-token': 'csrf-1', 'x-sluice-org': 'org-1' });
  });

  it('says the session ended when the portal sent the call to sign-in', async () => {
    fetchMock.mockResolvedValue(redirectedToSignIn());
    await expect(portalChatSender(credentials)(request, new AbortController().signal)).rejects.toThrow('Your session has ended');
    await expect(startPlaygroundSession(credentials, undefined, new AbortController().signal)).rejects.toThrow('Your session has ended');
  });

  it('turns a refusal into its problem detail', async () => {
    fetchMock.mockResolvedValueOnce(Response.json({ type: 'urn:sluice:problem:no-team', title: 'Conflict', status: 409, detail: 'The playground needs a team to bill the calls to.' }, { status: 409 }));
    await expect(startPlaygroundSession(credentials, undefined, new AbortController().signal)).rejects.toThrow('The playground needs a team to bill the calls to.');
  });
});
