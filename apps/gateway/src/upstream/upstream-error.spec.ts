import { mapUpstreamError, upstreamUnreachable } from './upstream-error';

describe('mapUpstreamError', () => {
  it('keeps Retry-After on 429', () => {
    const error = mapUpstreamError(429, '{}', '7', 'mock');
    expect(error.status).toBe(429);
    expect(error.headers['retry-after']).toBe('7');
    expect(error.type).toBe('rate_limit_error');
  });

  it('passes the provider message for client errors', () => {
    const error = mapUpstreamError(400, JSON.stringify({ error: { message: 'max_tokens too large' } }), undefined, 'mock');
    expect(error.status).toBe(400);
    expect(error.message).toContain('max_tokens too large');
  });

  it('never forwards server error bodies or upstream credentials problems to the caller', () => {
    const server = mapUpstreamError(500, 'Traceback at http://10.0.0.5/internal secret=abc', undefined, 'mock');
    expect(server.status).toBe(502);
    expect(server.message).not.toContain('10.0.0.5');
    const auth = mapUpstreamError(401, JSON.stringify({ error: { message: 'Incorrect API key sk-upstream-123' } }), undefined, 'mock');
    expect(auth.status).toBe(502);
    expect(auth.message).not.toContain('sk-upstream');
  });

  it('distinguishes timeouts from unreachable providers', () => {
    expect(upstreamUnreachable('mock', true).status).toBe(504);
    expect(upstreamUnreachable('mock', false).status).toBe(502);
  });
});
