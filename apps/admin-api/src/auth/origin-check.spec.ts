import type { FastifyRequest } from 'fastify';
import { originAllowed } from './origin-check';

const req = (headers: Record<string, string>) => ({ headers }) as unknown as FastifyRequest;

describe('originAllowed', () => {
  it.each([
    [{ host: 'api.local:4100' }, true],
    [{ host: 'api.local:4100', origin: 'http://api.local:4100' }, true],
    [{ host: 'api.local:4100', origin: 'https://evil.example' }, false],
    [{ host: 'api.local:4100', origin: 'null' }, false],
    [{ host: 'admin.internal:4100', 'x-forwarded-host': 'portal.corp', origin: 'https://portal.corp' }, true],
    [{ host: 'admin.internal:4100', 'x-forwarded-host': 'portal.corp', origin: 'https://evil.example' }, false],
    [{ host: 'api.local', origin: 'not a url' }, false],
  ])('%j → %s', (headers, expected) => {
    expect(originAllowed(req(headers))).toBe(expected);
  });
});
