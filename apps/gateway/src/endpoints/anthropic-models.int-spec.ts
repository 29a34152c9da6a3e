import Anthropic from '@anthropic-ai/sdk';
import type { StandaloneGateway } from '../test-support/standalone-gateway';
import { startTwoFormatGateway } from '../test-support/two-format-gateway';

const KEY = 'sk-sluice-anthropicmodels0123456789abcdefghi';

describe('GET /v1/models for the Anthropic SDK (real Redis, mock provider)', () => {
  let gateway: StandaloneGateway;
  let claude: Anthropic;

  beforeAll(async () => {
    ({ gateway, claude } = await startTwoFormatGateway(
      KEY,
      { 'claude-3-5-haiku': 'anthropic', 'claude-sonnet-4-5': 'anthropic', 'gpt-4o-mini': 'openai', hidden: 'openai' },
      'allowed_models: [claude-3-5-haiku, claude-sonnet-4-5, gpt-4o-mini]',
    ));
  });

  afterAll(() => gateway?.close());

  it('lists the key’s models in Anthropic’s shape, and the SDK’s auto-pagination walks every page', async () => {
    const first = await claude.models.list({ limit: 2 });
    expect(first.data).toEqual([
      { type: 'model', id: 'claude-3-5-haiku', display_name: 'claude-3-5-haiku', created_at: '1970-01-01T00:00:00.000Z' },
      { type: 'model', id: 'claude-sonnet-4-5', display_name: 'claude-sonnet-4-5', created_at: '1970-01-01T00:00:00.000Z' },
    ]);
    expect(first.has_more).toBe(true);
    const all: string[] = [];
    for await (const model of claude.models.list({ limit: 2 })) all.push(model.id);
    expect(all).toEqual(['claude-3-5-haiku', 'claude-sonnet-4-5', 'gpt-4o-mini']);
  });

  it('retrieves one model, and answers a model the key may not use with a typed not_found_error', async () => {
    expect(await claude.models.retrieve('gpt-4o-mini')).toMatchObject({ type: 'model', id: 'gpt-4o-mini' });
    const error = await claude.models.retrieve('hidden').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Anthropic.NotFoundError);
    expect(error).toMatchObject({ status: 404, error: { type: 'error', error: { type: 'not_found_error' } } });
  });

  it('keeps OpenAI’s shape for OpenAI clients', async () => {
    const models = await gateway.client(KEY).models.list();
    expect(models.data.map((m) => [m.id, m.object])).toEqual([
      ['claude-3-5-haiku', 'model'],
      ['claude-sonnet-4-5', 'model'],
      ['gpt-4o-mini', 'model'],
    ]);
  });
});
