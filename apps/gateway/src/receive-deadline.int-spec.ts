import { connect } from 'node:net';
import { sendRaw } from '@sluice/testing';
import { startStandaloneGateway, type StandaloneGateway } from './test-support/standalone-gateway';

jest.setTimeout(60_000);

const KEY = 'sk-sluice-deadline000000000000000000000000000000';
const DEADLINE_MS = 2000;

/** Sends an unfinished request head and reads whatever the server answers until it closes. */
function sendUnfinishedHead(port: number, head: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(head));
    let text = '';
    socket.on('data', (chunk) => (text += chunk.toString()));
    socket.on('error', reject);
    socket.on('close', () => resolve(text));
  });
}

/**
 * REQUEST_RECEIVE_TIMEOUT_MS: a client that does not finish sending its request within the deadline
 * gets a 408 in the OpenAI error format and its connection closed, about when the deadline passes
 * (Node alone would look for overdue requests only every 30 s).
 */
describe('gateway request receive deadline (REQUEST_RECEIVE_TIMEOUT_MS)', () => {
  let gateway: StandaloneGateway;
  let port: number;

  beforeAll(async () => {
    gateway = await startStandaloneGateway(
      (mockUrl) => `version: 1
providers:
  - { name: mock, type: openai, base_url: ${mockUrl}/v1, api_key: unused }
models:
  - name: m
    deployments: [{ provider: mock, model: m }]
keys:
  - { name: k, key: ${KEY} }
`,
      { REQUEST_RECEIVE_TIMEOUT_MS: String(DEADLINE_MS) },
    );
    port = Number(new URL(gateway.url).port);
  });
  afterAll(async () => {
    await gateway?.close();
  });

  it('answers a body that never finishes arriving with 408 once the deadline has passed', async () => {
    const started = Date.now();
    const res = await sendRaw(`http://127.0.0.1:${port}`, {
      name: 'slow body',
      method: 'POST',
      path: '/v1/chat/completions',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json', 'content-length': '100' },
      body: '{"model":',
      timeoutMs: 30_000,
    });
    const waited = Date.now() - started;
    expect(res.status).toBe(408);
    expect(JSON.parse(res.body)).toEqual({ error: { message: 'The request was not received in time.', type: 'invalid_request_error', param: null, code: 'request_timeout' } });
    // Not refused early; and refused near the configured deadline, not at Node's 30 s check.
    expect(waited).toBeGreaterThanOrEqual(DEADLINE_MS - 50);
    expect(waited).toBeLessThan(15_000);
  });

  // Refused before the app knows the path: the OpenAI format on every path (as for every parser refusal).
  it('answers request headers that never finish with 408', async () => {
    const started = Date.now();
    const answer = await sendUnfinishedHead(port, `POST /v1/chat/completions HTTP/1.1\r\nhost: 127.0.0.1\r\nauthorization: Bearer ${KEY}\r\n`);
    const waited = Date.now() - started;
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toMatchObject({ error: { type: 'invalid_request_error', code: 'request_timeout' } });
    expect(waited).toBeGreaterThanOrEqual(DEADLINE_MS - 50);
    expect(waited).toBeLessThan(15_000);
  });

  it('still serves a client that sends its request in time', async () => {
    const res = await sendRaw(`http://127.0.0.1:${port}`, { name: 'health', method: 'GET', path: '/health/live', headers: {} });
    expect(res.status).toBe(200);
  });
});
