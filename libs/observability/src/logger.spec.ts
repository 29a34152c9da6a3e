import { Writable } from 'node:stream';
import { createLogger } from './logger';

function capture(): { stream: Writable; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return { stream, lines: () => chunks.join('').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('createLogger redaction', () => {
  it('never writes authorization headers, API keys, cookies, passwords or credentials', () => {
    const out = capture();
    const logger = createLogger('test', 'info', {}, out.stream);
    logger.info(
      {
        requestId: 'req-1',
        req: { method: 'POST', url: '/v1/chat/completions', headers: { authorization: 'Bearer sk-sluice-secret1', 'x-api-key': 'sk-sluice-secret2', cookie: 'sid=secret3', 'proxy-authorization': 'Basic secret4', 'user-agent': 'curl' } },
        res: { headers: { 'set-cookie': 'sid=secret5' } },
        upstream: { headers: { authorization: 'Bearer sk-provider-secret6', 'api-key': 'azure-secret7', 'x-goog-api-key': 'gemini-secret8', 'x-amz-security-token': 'aws-session-secret13' } },
        provider: { name: 'openai', apiKey: 'secret9', credentials: { key: 'secret10' } },
        password: 'secret11',
        token: 'secret12',
      },
      'request',
    );
    const raw = JSON.stringify(out.lines());
    for (let i = 1; i <= 13; i++) expect(raw).not.toMatch(new RegExp(`secret${i}\\b`));
    const [line] = out.lines() as [{ requestId: string; service: string; req: { headers: Record<string, string> }; provider: { name: string; apiKey: string } }];
    // What is not secret stays readable, and the request id is on the line.
    expect(line.requestId).toBe('req-1');
    expect(line.service).toBe('test');
    expect(line.req.headers['user-agent']).toBe('curl');
    expect(line.req.headers.authorization).toBe('[redacted]');
    expect(line.provider).toEqual({ name: 'openai', apiKey: '[redacted]', credentials: '[redacted]' });
  });
});
