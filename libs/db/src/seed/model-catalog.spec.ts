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
    const model = { name: 'm', family: 'f', provider: 'openai', contextWindow: 1, price: { input: 1, output: 1 } };
    const duplicate = modelCatalogSchema.safeParse({ models: [model, model] });
    expect(duplicate.success).toBe(false);
    const dangling = modelCatalogSchema.safeParse({
      models: [model],
      demoDeployments: [{ model: 'nope', provider: 'mock-openai', upstreamModel: 'x' }],
    });
    expect(dangling.success).toBe(false);
  });

  it('rejects unknown provider types and negative prices', () => {
    const bad = { name: 'm', family: 'f', provider: 'acme-ai', contextWindow: 1, price: { input: -1, output: 1 } };
    const result = modelCatalogSchema.safeParse({ models: [bad] });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toEqual(expect.arrayContaining(['models.0.provider', 'models.0.price.input']));
  });
});
