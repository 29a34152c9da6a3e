import Anthropic from '@anthropic-ai/sdk';
import type { StandaloneGateway } from '../test-support/standalone-gateway';
import { startTwoFormatGateway } from '../test-support/two-format-gateway';

const KEY = 'sk-sluice-responseheaders0123456789abcdefghij';
const SERVER_TIMING = /^total;dur=\d+\.\d{2}$/;

describe('response headers the official SDKs read (real Redis, mock provider)', () => {
  let gateway: StandaloneGateway;
  let claude: Anthropic;

  beforeAll(async () => {
    ({ gateway, claude } = await startTwoFormatGateway(KEY));
  });

  afterAll(() => gateway?.close());

  it('server-timing on answers sent whole: a completion, a message and an error', async () => {
    const chat = await gateway.client(KEY).chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] }).withResponse();
    expect(chat.response.headers.get('server-timing')).toMatch(SERVER_TIMING);
    const message = await claude.messages.create({ model: 'claude-3-5-haiku', max_tokens: 16, messages: [{ role: 'user', content: 'Hi' }] }).withResponse();
    expect(message.response.headers.get('server-timing')).toMatch(SERVER_TIMING);
    const refused = await fetch(`${gateway.url}/v1/chat/completions`, { method: 'POST', headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' }, body: JSON.stringify({ model: 'nope', messages: [] }) });
    expect(refused.status).toBe(400);
    expect(refused.headers.get('server-timing')).toMatch(SERVER_TIMING);
  });

  it("the request id reaches the Anthropic SDK (it reads `request-id`), on messages, streams and errors", async () => {
    const message = await claude.messages.create({ model: 'claude-3-5-haiku', max_tokens: 16, messages: [{ role: 'user', content: 'Hi' }] }).withResponse();
    expect(message.request_id).toBe(message.response.headers.get('x-request-id'));
    expect(message.request_id).toBeTruthy();
    const stream = await claude.messages.create({ model: 'claude-3-5-haiku', max_tokens: 16, stream: true, messages: [{ role: 'user', content: 'Hi' }] }).withResponse();
    for await (const event of stream.data) expect(event.type).toBeTruthy();
    expect(stream.request_id).toBe(stream.response.headers.get('x-request-id'));
    const failure = await claude.messages.create({ model: 'nope', max_tokens: 16, messages: [{ role: 'user', content: 'Hi' }] }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Anthropic.NotFoundError);
    expect((failure as InstanceType<typeof Anthropic.NotFoundError>).requestID).toMatch(/^[\w-]{8,}$/);
  });
});
