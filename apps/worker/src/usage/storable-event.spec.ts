import { randomUUID } from 'node:crypto';
import { usageEventSchema, type UsageEvent } from '@sluice/contracts';
import { storableEvent } from './storable-event';

const event = (overrides: Partial<UsageEvent> = {}): UsageEvent =>
  usageEventSchema.parse({
    eventId: randomUUID(), requestId: 'req-1', occurredAt: '2026-11-27T10:00:00.000Z', orgId: randomUUID(), teamId: null, apiKeyId: null, userId: null,
    endpoint: 'chat.completions', model: 'gpt-4o', provider: 'mock', deploymentId: 'd1', status: 'success', httpStatus: 200, errorCode: null,
    promptTokens: 1, completionTokens: 1, cachedTokens: 0, costUsd: 0, latencyMs: 1, ttftMs: null, stream: false, cacheStatus: 'miss', metadata: { a: 'b' },
    ...overrides,
  });

describe('storableEvent', () => {
  it('returns an event without U+0000 as it is (no copy per event)', () => {
    const clean = event({ bodies: { prompt: { text: '[{"content":"\\\\u0000 escaped in JSON is fine"}]', truncated: false } } });
    expect(storableEvent(clean)).toBe(clean);
  });

  it('replaces U+0000 with U+FFFD in every text the worker stores, and leaves the rest alone', () => {
    const dirty = event({
      model: 'gpt\u0000', provider: 'p\u0000', deploymentId: 'd\u0000', errorCode: 'e\u0000', requestId: 'r\u0000', metadata: { 'k\u0000': 'v\u0000', ok: 'fine' },
      bodies: { prompt: { text: 'a\u0000', truncated: false }, response: { text: 'b\u0000', truncated: true } },
    });
    expect(storableEvent(dirty)).toEqual({
      ...dirty,
      model: 'gpt\uFFFD', provider: 'p\uFFFD', deploymentId: 'd\uFFFD', errorCode: 'e\uFFFD', requestId: 'r\uFFFD', metadata: { 'k\uFFFD': 'v\uFFFD', ok: 'fine' },
      bodies: { prompt: { text: 'a\uFFFD', truncated: false }, response: { text: 'b\uFFFD', truncated: true } },
    });
    expect(dirty.model).toBe('gpt\u0000');
  });

  it('replaces a surrogate without its other half (jsonb refuses it), and keeps whole pairs such as emoji', () => {
    const cut = event({ metadata: { note: 'ok \ud83d' }, bodies: { prompt: { text: '[{"content":"\ud83d\ude00 then \ude00"}]', truncated: true } } });
    const stored = storableEvent(cut);
    expect(stored.metadata).toEqual({ note: 'ok \uFFFD' });
    expect(stored.bodies?.prompt?.text).toBe('[{"content":"\ud83d\ude00 then \uFFFD"}]');
    expect(storableEvent(event({ model: 'emoji-\ud83d\ude00' })).model).toBe('emoji-\ud83d\ude00');
  });
});
