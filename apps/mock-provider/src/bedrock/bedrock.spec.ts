import { Sha256 } from '@aws-crypto/sha256-js';
import { EventStreamCodec } from '@smithy/eventstream-codec';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import { listenForTest, type RunningMockProvider } from '../testing/listen-for-test';
import { MOCK_AWS_ACCESS_KEY_ID, MOCK_AWS_SECRET_ACCESS_KEY, MOCK_BEDROCK_API_KEY } from './bedrock-auth';

const CLAUDE = 'us.anthropic.claude-sonnet-4-20250514-v1:0';
const NOVA = 'amazon.nova-lite-v1:0';
const codec = new EventStreamCodec(toUtf8, fromUtf8);

let mock: RunningMockProvider;
beforeAll(async () => {
  mock = await listenForTest();
});
afterAll(() => mock.close());

interface CallOptions {
  stream?: boolean;
  secret?: string;
  accessKeyId?: string;
  headers?: Record<string, string>;
  /** Sent instead of the signed body (tampering). */
  sentBody?: string;
}

/** A Converse call signed with SigV4 exactly as AWS's smithy signer signs it. */
async function call(model: string, body: unknown, options: CallOptions = {}): Promise<Response> {
  const url = new URL(`${mock.baseUrl}/model/${encodeURIComponent(model)}/${options.stream ? 'converse-stream' : 'converse'}`);
  const json = JSON.stringify(body);
  const signer = new SignatureV4({
    service: 'bedrock',
    region: 'us-east-1',
    credentials: { accessKeyId: options.accessKeyId ?? MOCK_AWS_ACCESS_KEY_ID, secretAccessKey: options.secret ?? MOCK_AWS_SECRET_ACCESS_KEY },
    sha256: Sha256,
  });
  const signed = await signer.sign(
    new HttpRequest({ method: 'POST', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: url.pathname, headers: { host: url.host, 'content-type': 'application/json' }, body: json }),
  );
  const { host: _host, ...headers } = signed.headers;
  return fetch(url, { method: 'POST', headers: { ...headers, ...options.headers }, body: options.sentBody ?? json });
}

const user = (text: string) => ({ role: 'user', content: [{ text }] });
const tools = { tools: [{ toolSpec: { name: 'get_weather', inputSchema: { json: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } } } }] };
const thinking = { additionalModelRequestFields: { thinking: { type: 'enabled', budget_tokens: 1024 } }, inferenceConfig: { maxTokens: 4096 } };

async function frames(response: Response): Promise<Array<{ headers: Record<string, string>; body: Record<string, unknown> }>> {
  let bytes = new Uint8Array(await response.arrayBuffer());
  const out = [];
  while (bytes.length) {
    const total = new DataView(bytes.buffer, bytes.byteOffset).getUint32(0);
    const message = codec.decode(bytes.subarray(0, total));
    out.push({ headers: Object.fromEntries(Object.entries(message.headers).map(([k, v]) => [k, String(v.value)])), body: JSON.parse(toUtf8(message.body)) });
    bytes = bytes.subarray(total);
  }
  return out;
}

describe('Bedrock Converse on the mock', () => {
  it('answers text with Bedrock usage, stopReason and request id; system prompts and maxTokens/stopSequences apply', async () => {
    const response = await call(CLAUDE, { system: [{ text: 'Be brief.' }], messages: [user('Hello Bedrock')] });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-amzn-requestid')).toBeTruthy();
    const body = await response.json();
    expect(body).toMatchObject({ output: { message: { role: 'assistant', content: [{ text: 'Mock reply to: Hello Bedrock' }] } }, stopReason: 'end_turn', metrics: { latencyMs: expect.any(Number) } });
    expect(body.usage).toEqual({ inputTokens: expect.any(Number), outputTokens: 7, totalTokens: body.usage.inputTokens + 7 });
    expect((await (await call(CLAUDE, { messages: [user('Hello')], inferenceConfig: { maxTokens: 2 } })).json()).stopReason).toBe('max_tokens');
    expect((await (await call(NOVA, { messages: [user('Hello')], inferenceConfig: { stopSequences: ['reply'] } })).json()).stopReason).toBe('stop_sequence');
  });

  it('refuses what AWS refuses: no, wrong or tampered signatures (403), unknown (400) and retired (404) models', async () => {
    const expectError = async (response: Response, status: number, exception: string, message?: string) => {
      expect(response.status).toBe(status);
      expect(response.headers.get('x-amzn-errortype')).toMatch(new RegExp(`^${exception}:`));
      expect(await response.json()).toEqual({ message: message ?? expect.any(String) });
    };
    await expectError(await fetch(`${mock.baseUrl}/model/${CLAUDE}/converse`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } }), 403, 'MissingAuthenticationTokenException');
    await expectError(await call(CLAUDE, { messages: [user('x')] }, { secret: 'wrong' }), 403, 'InvalidSignatureException', expect.stringContaining('does not match the signature you provided'));
    await expectError(await call(CLAUDE, { messages: [user('x')] }, { accessKeyId: 'AKIDSOMEONEELSE' }), 403, 'UnrecognizedClientException', 'The security token included in the request is invalid.');
    await expectError(await call(CLAUDE, { messages: [user('x')] }, { sentBody: JSON.stringify({ messages: [user('y')] }) }), 403, 'InvalidSignatureException');
    await expectError(await call('gpt-4o', { messages: [user('x')] }), 400, 'ValidationException', 'The provided model identifier is invalid.');
    await expectError(await call('anthropic.claude-v2', { messages: [user('x')] }), 404, 'ResourceNotFoundException');
    const bearer = await fetch(`${mock.baseUrl}/model/${NOVA}/converse`, { method: 'POST', headers: { authorization: `Bearer ${MOCK_BEDROCK_API_KEY}`, 'content-type': 'application/json' }, body: JSON.stringify({ messages: [user('x')] }) });
    expect(bearer.status).toBe(200);
  });

  it('calls a tool (toolUse, stopReason tool_use) and answers its toolResult; Converse conversation rules are 400s', async () => {
    const first = await (await call(CLAUDE, { messages: [user('Weather in Paris?')], toolConfig: tools })).json();
    expect(first.stopReason).toBe('tool_use');
    const toolUse = first.output.message.content[0].toolUse;
    expect(toolUse).toEqual({ toolUseId: expect.stringMatching(/^tooluse_/), name: 'get_weather', input: { city: expect.any(String) } });
    const turns = [user('Weather in Paris?'), first.output.message, { role: 'user', content: [{ toolResult: { toolUseId: toolUse.toolUseId, content: [{ json: { temp: 18 } }] } }] }];
    const second = await (await call(CLAUDE, { messages: turns, toolConfig: tools })).json();
    expect(second.output.message.content).toEqual([{ text: 'Mock reply to: tool result: {"temp":18}' }]);

    const refused = async (body: unknown) => (await (await call(CLAUDE, body)).json()).message;
    expect(await refused({ messages: turns })).toBe('The toolConfig field must be defined when using toolUse and toolResult content blocks.');
    expect(await refused({ messages: [user('a'), user('b')] })).toMatch(/^A conversation must alternate between user and assistant roles/);
    expect(await refused({ messages: [user('a')], inferenceConfig: { maxTokens: 0 } })).toMatch(/^1 validation error detected: Value at 'inferenceConfig.maxTokens'/);
  });

  it("thinks for Claude (signed reasoningContent first) and checks the blocks sent back, like Claude; other models refuse thinking", async () => {
    const request = { messages: [user('Plan a trip [mock-redacted-thinking]')], ...thinking };
    const body = await (await call(CLAUDE, request)).json();
    const [reasoning, redacted, text] = body.output.message.content;
    expect(reasoning).toEqual({ reasoningContent: { reasoningText: { text: 'Mock thinking about: Plan a trip [mock-redacted-thinking]', signature: expect.any(String) } } });
    expect(redacted).toEqual({ reasoningContent: { redactedContent: expect.stringMatching(/^[A-Za-z0-9+/]+=*$/) } });
    expect(text).toEqual({ text: expect.stringMatching(/^Mock reply to/) });

    const next = (content: unknown[]) => call(CLAUDE, { ...request, messages: [...request.messages, { role: 'assistant', content }, user('Go on')] });
    expect((await next(body.output.message.content)).status).toBe(200);
    const tampered = await next([{ reasoningContent: { reasoningText: { ...reasoning.reasoningContent.reasoningText, text: 'edited' } } }, redacted, text]);
    expect(tampered.status).toBe(400);
    expect((await tampered.json()).message).toContain('Invalid `signature` in `thinking` block');
    expect((await (await call(NOVA, request)).json()).message).toBe('The model returned the following errors: extraneous key [thinking] is not permitted');
    expect((await (await call(CLAUDE, { ...request, additionalModelRequestFields: { ...thinking.additionalModelRequestFields, anthropic_beta: ['files-api-2025-04-14'] } })).json()).message).toBe('invalid beta flag: files-api-2025-04-14');
  });

  it('reads documents: a text document reaches the reply, a PDF must be one, names follow Converse rules', async () => {
    const doc = (name: string, format: string, content: string) => ({ document: { name, format, source: { bytes: Buffer.from(content).toString('base64') } } });
    const text = await (await call(CLAUDE, { messages: [{ role: 'user', content: [doc('notes', 'txt', 'The notes say hi'), { text: '?' }] }] })).json();
    expect(text.output.message.content[0].text).toBe('Mock reply to: The notes say hi ?');
    expect((await call(CLAUDE, { messages: [{ role: 'user', content: [doc('report (1)', 'pdf', '%PDF-1.4 body'), { text: 'Sum up' }] }] })).status).toBe(200);
    const notPdf = await (await call(CLAUDE, { messages: [{ role: 'user', content: [doc('report', 'pdf', 'plain text'), { text: 'Sum up' }] }] })).json();
    expect(notPdf.message).toBe('messages.0.content.0.document: The provided document is not a valid PDF.');
    const badName = await (await call(CLAUDE, { messages: [{ role: 'user', content: [doc('report.pdf', 'pdf', '%PDF-1.4'), { text: 'x' }] }] })).json();
    expect(badName.message).toMatch(/^messages\.0\.content\.0\.document\.name: The document file name can only contain/);
  });

  it('counts a cachePoint prefix as a cache write, then as a cache read', async () => {
    const request = { system: [{ text: 'Policy. '.repeat(600) }, { cachePoint: { type: 'default' } }], messages: [user('Question')] };
    const first = (await (await call(CLAUDE, request)).json()).usage;
    const second = (await (await call(CLAUDE, request)).json()).usage;
    expect(first.cacheWriteInputTokens).toBeGreaterThanOrEqual(1024);
    expect(first.cacheReadInputTokens).toBe(0);
    expect(first.cacheDetails).toEqual([{ ttl: '5m', inputTokens: first.cacheWriteInputTokens }]);
    const { cacheDetails: _written, ...rest } = first;
    expect(second).toEqual({ ...rest, cacheReadInputTokens: first.cacheWriteInputTokens, cacheWriteInputTokens: 0 });
    expect(first.totalTokens).toBe(first.inputTokens + first.outputTokens + first.cacheWriteInputTokens);
  });

  it("reports a 1-hour cachePoint's write under that TTL in cacheDetails, and refuses a TTL Bedrock does not know", async () => {
    const request = { system: [{ text: 'Hourly policy. '.repeat(400) }, { cachePoint: { type: 'default', ttl: '1h' } }], messages: [user('Question')] };
    const usage = (await (await call(CLAUDE, request)).json()).usage;
    expect(usage.cacheWriteInputTokens).toBeGreaterThanOrEqual(1024);
    expect(usage.cacheDetails).toEqual([{ ttl: '1h', inputTokens: usage.cacheWriteInputTokens }]);
    const bad = await call(CLAUDE, { ...request, system: [request.system[0], { cachePoint: { type: 'default', ttl: '2h' } }] });
    expect(bad.status).toBe(400);
  });
});

describe('Bedrock ConverseStream on the mock', () => {
  it('streams event-stream frames: messageStart, reasoning and tool-use blocks, messageStop, metadata with the same usage', async () => {
    const request = { messages: [user('Weather in Oslo?')], toolConfig: tools, ...thinking };
    const whole = await (await call(CLAUDE, request)).json();
    const response = await call(CLAUDE, request, { stream: true });
    expect(response.headers.get('content-type')).toBe('application/vnd.amazon.eventstream');
    const events = await frames(response);
    expect(events.every((e) => e.headers[':message-type'] === 'event' && e.headers[':content-type'] === 'application/json' && typeof e.body.p === 'string')).toBe(true);
    const outline = events.map(({ headers, body }) => {
      const delta = body.delta as Record<string, Record<string, unknown>> | undefined;
      return delta ? `delta ${body.contentBlockIndex} ${Object.keys(delta)[0]}${delta.reasoningContent ? `.${Object.keys(delta.reasoningContent)[0]}` : ''}` : `${headers[':event-type']}`;
    });
    expect(outline.filter((e, i) => e !== outline[i - 1])).toEqual([
      'messageStart',
      'delta 0 reasoningContent.text',
      'delta 0 reasoningContent.signature',
      'contentBlockStop',
      'contentBlockStart',
      'delta 1 toolUse',
      'contentBlockStop',
      'messageStop',
      'metadata',
    ]);
    expect(events.find((e) => e.headers[':event-type'] === 'contentBlockStart')?.body.start).toEqual({ toolUse: { toolUseId: whole.output.message.content[1].toolUse.toolUseId, name: 'get_weather' } });
    expect(events.at(-2)?.body.stopReason).toBe('tool_use');
    expect(events.at(-1)?.body.usage).toEqual(whole.usage);
  });
});

describe('Bedrock fault injection', () => {
  const simple = { messages: [user('hi')] };

  it('answers injected errors as Bedrock exceptions: 429 ThrottlingException with Retry-After, a named ModelNotReadyException, 503', async () => {
    const throttled = await call(NOVA, simple, { headers: { 'x-mock-retry-after': '3' } });
    expect([throttled.status, throttled.headers.get('retry-after'), throttled.headers.get('x-amzn-errortype')?.split(':')[0]]).toEqual([429, '3', 'ThrottlingException']);
    const notReady = await call(NOVA, simple, { headers: { 'x-mock-status': '429', 'x-mock-error-type': 'ModelNotReadyException' } });
    expect(notReady.headers.get('x-amzn-errortype')?.split(':')[0]).toBe('ModelNotReadyException');
    const unavailable = await call(NOVA, simple, { headers: { 'x-mock-status': '503' }, stream: true });
    expect([unavailable.status, unavailable.headers.get('x-amzn-errortype')?.split(':')[0]]).toEqual([503, 'ServiceUnavailableException']);
  });

  it('breaks a stream with an exception event, or by dropping the connection', async () => {
    const events = await frames(await call(CLAUDE, simple, { stream: true, headers: { 'x-mock-stream-exception': 'modelStreamErrorException' } }));
    expect(events.at(-1)).toEqual({ headers: { ':message-type': 'exception', ':exception-type': 'modelStreamErrorException', ':content-type': 'application/json' }, body: { message: expect.any(String) } });
    expect(events).toHaveLength(3);
    const dropped = await call(CLAUDE, simple, { stream: true, headers: { 'x-mock-drop-after-chunks': '2' } });
    await expect(dropped.arrayBuffer()).rejects.toThrow();
  });
});
