import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { OpenAiChatCompletion, OpenAiChatRequest } from '@sluice/contracts';
import { createTestRedisPrefix } from '@sluice/testing';
import { ExactCacheWriter, lookup } from './exact-cache';
import { exactCacheKey, type CacheScope } from './exact-cache-key';

const ns = createTestRedisPrefix();
const redis = new Redis(ns.url);
const writer = new ExactCacheWriter(redis);

const ORG_A = randomUUID();
const ORG_B = randomUUID();
const TEAM_1 = randomUUID();
const TEAM_2 = randomUUID();
const scope = (orgId: string, teamId: string | null): CacheScope => ({ prefix: ns.prefix, orgId, teamId });

const request: OpenAiChatRequest = {
  model: 'gpt-4o-mini',
  messages: [
    { role: 'system', content: 'You are a geography tutor.' },
    { role: 'user', content: 'What is the capital of France?' },
  ],
  temperature: 0,
};
const completion: OpenAiChatCompletion = {
  id: 'chatcmpl-cached',
  object: 'chat.completion',
  created: 1_764_100_000,
  model: 'gpt-4o-mini',
  choices: [{ index: 0, message: { role: 'assistant', content: 'Paris.' }, finish_reason: 'stop' }],
  usage: { prompt_tokens: 20, completion_tokens: 2, total_tokens: 22 },
};
const entry = { storedAt: Date.now(), servedBy: { model: 'gpt-4o-mini', provider: 'openai', deployment: 'd1' }, completion };

afterAll(async () => {
  await ns.flush();
  await redis.quit();
});

describe('exact cache (real Redis)', () => {
  beforeAll(async () => {
    await writer.store(exactCacheKey(scope(ORG_A, TEAM_1), request), entry, 60);
  });

  it('hits for the same org and team, also when the request differs only in irrelevant ways', async () => {
    expect((await lookup(redis, exactCacheKey(scope(ORG_A, TEAM_1), request)))?.completion).toEqual(completion);
    const sameButStreamed = { ...request, stream: true, stream_options: { include_usage: true }, user: 'someone' };
    expect(await lookup(redis, exactCacheKey(scope(ORG_A, TEAM_1), sameButStreamed))).not.toBeNull();
  });

  it('never answers another team, another org, the org level, another model or another system prompt', async () => {
    const misses = [
      exactCacheKey(scope(ORG_A, TEAM_2), request),
      exactCacheKey(scope(ORG_B, TEAM_1), request),
      exactCacheKey(scope(ORG_A, null), request),
      exactCacheKey(scope(ORG_A, TEAM_1), { ...request, model: 'gpt-4o' }),
      exactCacheKey(scope(ORG_A, TEAM_1), { ...request, messages: [{ role: 'system', content: 'You are a pirate.' }, request.messages[1]] }),
      exactCacheKey(scope(ORG_A, TEAM_1), { ...request, tools: [{ type: 'function', function: { name: 'lookup_city' } }] }),
      exactCacheKey(scope(ORG_A, TEAM_1), { ...request, messages: [request.messages[0], { role: 'user', content: "What's France's capital?" }] }),
    ];
    for (const key of misses) expect(await lookup(redis, key)).toBeNull();
  });

  it('stores with the policy TTL and forgets after it', async () => {
    const key = exactCacheKey(scope(ORG_A, TEAM_1), { ...request, seed: 1 });
    await writer.store(key, entry, 1);
    const pttl = await redis.pttl(key);
    expect(pttl).toBeGreaterThan(0);
    expect(pttl).toBeLessThanOrEqual(1000);
    expect(await lookup(redis, key)).not.toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(await lookup(redis, key)).toBeNull();
    await expect(writer.store(key, entry, 0)).rejects.toThrow(RangeError);
  });

  it('treats a corrupt value as a miss', async () => {
    const key = exactCacheKey(scope(ORG_A, TEAM_1), { ...request, seed: 2 });
    await redis.set(key, 'j1:{"storedAt":', 'PX', 60_000);
    expect(await lookup(redis, key)).toBeNull();
  });

  it('can be read in the same script as the limiter keys (same {orgId} hash tag)', async () => {
    const key = exactCacheKey(scope(ORG_A, TEAM_1), request);
    const limitKey = `${ns.prefix}:{${ORG_A}}:rate:rpm`;
    const raw = (await redis.eval("redis.call('INCR', KEYS[2]); return redis.call('GET', KEYS[1])", 2, key, limitKey)) as string;
    expect(key.match(/\{[^}]+\}/)?.[0]).toBe(limitKey.match(/\{[^}]+\}/)?.[0]);
    expect(raw.startsWith('j1:')).toBe(true);
  });
});
