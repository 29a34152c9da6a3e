import { classifyUpstreamError, parseRetryAfter, safeMessage } from './error-classification';

describe('error classification', () => {
  const now = Date.parse('2025-03-01T12:00:00Z');

  it('reads Retry-After as seconds, as an HTTP date, and retry-after-ms first', () => {
    expect(parseRetryAfter({ 'retry-after': '7' }, now)).toBe(7000);
    expect(parseRetryAfter({ 'Retry-After': 'Sat, 01 Mar 2025 12:00:30 GMT' }, now)).toBe(30_000);
    expect(parseRetryAfter({ 'retry-after': 'Sat, 01 Mar 2025 11:00:00 GMT' }, now)).toBe(0);
    expect(parseRetryAfter({ 'retry-after-ms': '250', 'retry-after': '9' }, now)).toBe(250);
    expect(parseRetryAfter({ 'retry-after': ['3'] }, now)).toBe(3000);
    expect(parseRetryAfter({ 'retry-after': 'soon' }, now)).toBeUndefined();
    expect(parseRetryAfter({}, now)).toBeUndefined();
  });

  it('strips URLs and credentials from provider messages', () => {
    expect(safeMessage('Bad key sk-proj-abcdefghijklmnop at https://api.example/v1?key=AIzaSyA1234567890abcdefghijk')).toBe('Bad key [redacted] at [url]');
    expect(safeMessage('x'.repeat(900))).toHaveLength(500);
  });

  it('classifies by status, then by the provider message for 4xx', () => {
    const kind = (status: number, message?: string, code?: string) => classifyUpstreamError('p', status, { message, code }, {}).kind;
    expect(kind(400, 'Please reduce the length of the messages.')).toBe('context_window_exceeded');
    expect(kind(400, 'Your request was rejected as a result of our safety system.', 'content_policy_violation')).toBe('content_policy');
    expect(kind(400, 'Unknown parameter: foo')).toBe('invalid_request');
    expect(kind(404)).toBe('not_found');
    expect(kind(408)).toBe('timeout');
    expect(kind(502)).toBe('server');
    expect(classifyUpstreamError('p', 400, { message: 'Unknown parameter: foo' }, {}).message).toBe('Provider p rejected the request: Unknown parameter: foo');
    expect(classifyUpstreamError('p', 500, { message: 'stack at /srv/app.js' }, {}).message).toBe('Provider p failed to answer');
  });
});
