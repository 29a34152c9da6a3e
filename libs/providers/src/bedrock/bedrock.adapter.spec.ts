import { Sha256 } from '@aws-crypto/sha256-js';
import { EventStreamCodec } from '@smithy/eventstream-codec';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import { openAiChatRequestSchema } from '@sluice/contracts';
import { ProviderStreamError, TranslationError } from '../core/errors';
import { collectStream, fixtureBytes, fixtureJson, translateThreeWays } from '../testing/fixtures';
import { targetFor } from '../testing/targets';
import { createBedrockAdapter } from './bedrock.adapter';

const fixedClock = () => new Date('2025-03-01T12:00:00Z');
const adapter = createBedrockAdapter({ now: fixedClock });
const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', sessionToken: 'session-token-1' };
const target = targetFor('bedrock', {
  baseUrl: 'https://bedrock-runtime.eu-west-1.amazonaws.com',
  apiKey: JSON.stringify(credentials),
  upstreamModel: 'eu.anthropic.claude-3-7-sonnet-20250219-v1:0',
});
const simple = { model: 'm', messages: [{ role: 'user' as const, content: 'hi' }] };

describe('Bedrock adapter: request and signing', () => {
  it('translates developer prompt, image bytes, toolUse/toolResult, inference and tool config exactly', async () => {
    const request = openAiChatRequestSchema.parse(fixtureJson(__dirname, 'canonical-request.json'));
    const req = await adapter.chat.buildRequest(target, request);
    expect(req.url).toBe('https://bedrock-runtime.eu-west-1.amazonaws.com/model/eu.anthropic.claude-3-7-sonnet-20250219-v1%3A0/converse');
    expect(JSON.parse(req.body)).toEqual(fixtureJson(__dirname, 'converse-request.json'));
  });

  it('signs with SigV4 deterministically, exactly as the smithy signer signs the same request', async () => {
    const req = await adapter.chat.buildRequest(target, { ...simple, stream: true });
    const again = await adapter.chat.buildRequest(target, { ...simple, stream: true });
    expect(again.headers).toEqual(req.headers);
    expect(req.url).toBe('https://bedrock-runtime.eu-west-1.amazonaws.com/model/eu.anthropic.claude-3-7-sonnet-20250219-v1%3A0/converse-stream');
    expect(req.headers['x-amz-date']).toBe('20250301T120000Z');
    expect(req.headers['x-amz-security-token']).toBe('session-token-1');
    expect(req.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/20250301\/eu-west-1\/bedrock\/aws4_request, SignedHeaders=accept;content-type;host;x-amz-content-sha256;x-amz-date;x-amz-security-token, Signature=[0-9a-f]{64}$/,
    );

    const reference = await new SignatureV4({ service: 'bedrock', region: 'eu-west-1', credentials, sha256: Sha256 }).sign(
      new HttpRequest({
        method: 'POST',
        protocol: 'https:',
        hostname: 'bedrock-runtime.eu-west-1.amazonaws.com',
        path: '/model/eu.anthropic.claude-3-7-sonnet-20250219-v1%3A0/converse-stream',
        headers: { host: 'bedrock-runtime.eu-west-1.amazonaws.com', 'content-type': 'application/json', accept: 'application/vnd.amazon.eventstream' },
        body: req.body,
      }),
      { signingDate: fixedClock() },
    );
    expect(req.headers.authorization).toBe(reference.headers.authorization);
  });

  it('takes credentials from options or AKID:SECRET, the region from options, and fails clearly without them', async () => {
    const fromOptions = targetFor('bedrock', { baseUrl: 'https://vpce-1.bedrock-runtime.example', apiKey: '', options: { region: 'us-east-1', accessKeyId: 'AKIDOPT', secretAccessKey: 's' } });
    expect((await adapter.chat.buildRequest(fromOptions, simple)).headers.authorization).toContain('Credential=AKIDOPT/20250301/us-east-1/bedrock/');
    const colon = targetFor('bedrock', { baseUrl: 'https://bedrock-runtime.us-west-2.amazonaws.com', apiKey: 'AKIDCOLON:secret' });
    const signed = await adapter.chat.buildRequest(colon, simple);
    expect(signed.headers.authorization).toContain('Credential=AKIDCOLON/20250301/us-west-2/');
    expect(signed.headers['x-amz-security-token']).toBeUndefined();
    await expect(adapter.chat.buildRequest(targetFor('bedrock', { baseUrl: 'https://proxy.example', apiKey: 'A:B' }), simple)).rejects.toThrow("needs option 'region'");
    const bearer = targetFor('bedrock', { baseUrl: 'https://bedrock-runtime.us-east-1.amazonaws.com', apiKey: 'ABSK-key', options: { authMode: 'bearer' } });
    expect((await adapter.chat.buildRequest(bearer, simple)).headers.authorization).toBe('Bearer ABSK-key');
  });

  it('rejects image URLs (Converse needs bytes) and tool_choice none after tool use', async () => {
    await expect(
      adapter.chat.buildRequest(target, { model: 'm', messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://x.example/a.png' } }] }] }),
    ).rejects.toThrow(new TranslationError("Provider 'Test bedrock' (bedrock) cannot fetch image URLs; send the image as a data: URI."));
    const request = openAiChatRequestSchema.parse({ ...fixtureJson<object>(__dirname, 'canonical-request.json'), tool_choice: 'none' });
    await expect(adapter.chat.buildRequest(target, request)).rejects.toThrow("cannot take tool_choice 'none'");
  });
});

describe('Bedrock adapter: response and stream', () => {
  it('translates a recorded Converse response', () => {
    const parsed = adapter.chat.parseResponse(fixtureJson(__dirname, 'converse-response.json'), target);
    expect(parsed.model).toBe('eu.anthropic.claude-3-7-sonnet-20250219-v1:0');
    expect(parsed.choices).toEqual([
      {
        index: 0,
        message: {
          role: 'assistant',
          content: "I'll look up the weather in Paris.",
          tool_calls: [{ id: 'tooluse_xBvQJ2VsR0qkC1hW9tgXyA', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }],
        },
        finish_reason: 'tool_calls',
      },
    ]);
    expect(parsed.usage).toEqual({ prompt_tokens: 1422, completion_tokens: 61, total_tokens: 1483, prompt_tokens_details: { cached_tokens: 1024 } });
  });

  it('decodes the binary event-stream fixture the same whole, byte by byte and in slices', () => {
    const bytes = fixtureBytes(__dirname, 'converse-stream.bin');
    const [whole, bytewise, sliced] = translateThreeWays(() => adapter.chat.createStreamTranslator(target), bytes);
    expect(bytewise).toEqual(whole);
    expect(sliced).toEqual(whole);
    expect(whole[0].choices[0].delta).toEqual({ role: 'assistant', content: '' });
    expect(collectStream(whole)).toEqual({
      content: 'Je vais vérifier la météo 🌦️.',
      tools: [{ id: 'tooluse_kZJMlvQmRJ6eAyJE5GIl7Q', name: 'get_weather', arguments: '{"city": "Paris"}' }],
      finish: 'tool_calls',
      usage: { prompt_tokens: 412, completion_tokens: 58, total_tokens: 470 },
      usageIsLast: true,
    });
  });

  it('raises stream exceptions and truncated streams', () => {
    const codec = new EventStreamCodec(toUtf8, fromUtf8);
    const exception = codec.encode({
      headers: {
        ':message-type': { type: 'string', value: 'exception' },
        ':exception-type': { type: 'string', value: 'throttlingException' },
        ':content-type': { type: 'string', value: 'application/json' },
      },
      body: fromUtf8('{"message":"Too many tokens, please wait before trying again."}'),
    });
    const translator = adapter.chat.createStreamTranslator(target);
    let thrown: unknown;
    try {
      translator.push(exception);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ProviderStreamError);
    expect((thrown as ProviderStreamError).error.kind).toBe('rate_limit');
    const cut = adapter.chat.createStreamTranslator(target);
    cut.push(fixtureBytes(__dirname, 'converse-stream.bin').subarray(0, 300));
    expect(() => cut.end()).toThrow(ProviderStreamError);
  });

  it('classifies errors by x-amzn-errortype', () => {
    expect(adapter.classifyError(429, '{"message":"Too many requests, please wait before trying again."}', { 'x-amzn-errortype': 'ThrottlingException:http://internal.amazon.com/coral/com.amazon.bedrock/' })).toEqual({
      kind: 'rate_limit',
      status: 429,
      message: 'Provider bedrock is rate limiting requests',
    });
    const long = adapter.classifyError(400, '{"message":"Input is too long for requested model."}', { 'x-amzn-errortype': 'ValidationException' });
    expect(long.kind).toBe('context_window_exceeded');
    expect(adapter.classifyError(403, '{"message":"The security token included in the request is invalid."}', { 'x-amzn-errortype': 'UnrecognizedClientException' }).kind).toBe('auth');
    expect(adapter.classifyError(408, '{"message":"Model has timed out in processing the request."}', { 'x-amzn-errortype': 'ModelTimeoutException' }).kind).toBe('timeout');
    // 424 is a model failure (retry, fall back), not a bad request; a 400 IncompleteSignature is the gateway's credentials.
    expect(adapter.classifyError(424, '{"message":"The model failed to process the request."}', { 'x-amzn-errortype': 'ModelErrorException:http://internal.amazon.com/coral/com.amazon.bedrock/' }).kind).toBe('server');
    expect(adapter.classifyError(400, '{"message":"Authorization header requires \'Credential\' parameter."}', { 'x-amzn-errortype': 'IncompleteSignatureException' }).kind).toBe('auth');
  });
});
