import { loadModelCatalog, modelCatalogSchema } from './model-catalog';

describe('model catalog', () => {
  it('ships a valid catalog with the demo models and their mock deployments', () => {
    const catalog = loadModelCatalog();
    const names = catalog.models.map((m) => m.name);
    expect(names).toEqual(expect.arrayContaining(['gpt-4o-mini', 'claude-3-5-haiku', 'gemini-2.5-flash', 'mistral-large-latest']));
    expect(catalog.demoDeployments.map((d) => d.model)).toEqual(expect.arrayContaining(['gpt-4o-mini', 'claude-3-5-haiku']));
    const mini = catalog.models.find((m) => m.name === 'gpt-4o-mini');
    expect(mini).toMatchObject({ provider: 'openai', contextWindow: 128000, price: { input: 0.15, output: 0.6 } });
  });

  it('rejects duplicate names and deployments of unknown models', () => {
    const model = { name: 'm', family: 'f', provider: 'openai', contextWindow: 1, price: { input: 1, output: 1 }, capabilities: ['chat'], description: 'd' };
    expect(modelCatalogSchema.safeParse({ models: [model] }).success).toBe(true);
    const duplicate = modelCatalogSchema.safeParse({ models: [model, model] });
    expect(duplicate.success).toBe(false);
    const dangling = modelCatalogSchema.safeParse({
      models: [model],
      demoDeployments: [{ model: 'nope', provider: 'mock-openai', upstreamModel: 'x' }],
    });
    expect(dangling.success).toBe(false);
  });

  it('covers the major vendors, each model with capabilities, modalities and a description', () => {
    const catalog = loadModelCatalog();
    const names = catalog.models.map((m) => m.name);
    for (const expected of ['gpt-5', 'claude-sonnet-4-5', 'gemini-2.5-pro', 'mistral-large-latest', 'llama-3.1-405b-instruct', 'command-a', 'amazon-nova-pro', 'grok-4', 'deepseek-chat']) {
      expect(names).toContain(expected);
    }
    for (const m of catalog.models) {
      expect(m.description.length).toBeGreaterThan(0);
      expect(m.capabilities.length).toBeGreaterThan(0);
      expect(m.modalities).toContain('text');
      if (!m.capabilities.includes('embeddings')) expect(m.capabilities).toContain('chat');
    }
  });

  it('rejects unknown capabilities and modalities and a missing description', () => {
    const base = { name: 'm', family: 'f', provider: 'openai', contextWindow: 1, price: { input: 1, output: 1 }, capabilities: ['chat'], description: 'd' };
    const result = modelCatalogSchema.safeParse({ models: [{ ...base, capabilities: ['telepathy'], modalities: ['smell'], description: '' }] });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.slice(2, 3).join('.'))).toEqual(expect.arrayContaining(['capabilities', 'modalities', 'description']));
  });

  it('prices Claude’s prompt-cache writes: 5-minute at 1.25× input, 1-hour at 2× input (the long-context tier’s too)', () => {
    const claude = loadModelCatalog().models.filter((m) => m.provider === 'anthropic');
    expect(claude.length).toBeGreaterThan(0);
    for (const m of claude) {
      expect([m.name, m.price.cacheWrite]).toEqual([m.name, m.price.input * 1.25]);
      expect([m.name, m.price.cacheWrite1h]).toEqual([m.name, m.price.input * 2]);
      if (m.price.longContext) expect([m.name, m.price.longContext.cacheWrite1h]).toEqual([m.name, m.price.longContext.input * 2]);
    }
    expect(claude.find((m) => m.name === 'claude-sonnet-4-5')?.price).toMatchObject({ cacheWrite1h: 6, longContext: { cacheWrite1h: 12 } });
  });

  it('rejects unknown provider types and negative prices', () => {
    const bad = { name: 'm', family: 'f', provider: 'acme-ai', contextWindow: 1, price: { input: -1, output: 1 } };
    const result = modelCatalogSchema.safeParse({ models: [bad] });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toEqual(expect.arrayContaining(['models.0.provider', 'models.0.price.input']));
  });
});
