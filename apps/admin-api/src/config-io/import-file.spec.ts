import { Problem } from '../errors/problem';
import { auditableDiff } from './config-diff';
import { parseImportFile } from './import-file';
import { configName, standaloneDocumentOf } from './org-config';

const FILE = `
version: 1
organization: acme
providers:
  - { name: mock, type: openai, base_url: "https://mock.example/v1/", api_key: "\${MOCK_KEY}" }
models:
  - name: gpt-4o-mini
    prices: { input_per_1m: 0.15, output_per_1m: 0.6 }
    deployments:
      - { provider: mock, model: gpt-4o-mini, priority: 1 }
      - { provider: mock, model: gpt-4o-mini-b }
governance: { failMode: closed }
teams:
  - { name: data, logging: { storePrompts: true } }
`;

function problemOf(text: string): Problem {
  try {
    parseImportFile(text);
  } catch (error) {
    if (error instanceof Problem) return error;
    throw error;
  }
  throw new Error('expected a problem');
}

describe('import file', () => {
  it('normalises a valid file (sorted deployments, trimmed base URL, defaults applied) and renders it back', () => {
    const config = parseImportFile(FILE);
    expect(config.providers).toEqual([{ name: 'mock', type: 'openai', baseUrl: 'https://mock.example/v1', options: {}, hasCredential: true }]);
    expect(config.models[0].deployments.map((d) => [d.model, d.priority, d.timeoutMs])).toEqual([
      ['gpt-4o-mini-b', 0, 60000],
      ['gpt-4o-mini', 1, 60000],
    ]);
    expect(config.failMode).toBe('closed');
    expect(config.teams[0].policies.logging).toEqual({ storePrompts: true, storeResponses: false, retentionDays: 30 });
    const doc = standaloneDocumentOf(config);
    expect(doc.providers).toEqual([{ name: 'mock', type: 'openai', base_url: 'https://mock.example/v1', api_key: '${SLUICE_PROVIDER_MOCK_API_KEY}' }]);
    expect(doc.governance).toEqual({ failMode: 'closed' });
  });

  it('reads the 1-hour cache-write price (cache_write_1h_per_1m) on models, deployment overrides and tiers, and writes it back under the same key', () => {
    const tier = '{ above_tokens: 200000, input_per_1m: 6, output_per_1m: 22.5, cached_input_per_1m: 0.6, cache_write_per_1m: 7.5, cache_write_1h_per_1m: 12 }';
    const config = parseImportFile(
      FILE.replace('prices: { input_per_1m: 0.15, output_per_1m: 0.6 }', `prices: { input_per_1m: 3, output_per_1m: 15, cache_write_per_1m: 3.75, cache_write_1h_per_1m: 6, long_context: ${tier} }`).replace(
        '{ provider: mock, model: gpt-4o-mini, priority: 1 }',
        '{ provider: mock, model: gpt-4o-mini, priority: 1, prices: { input_per_1m: 2.4, output_per_1m: 12, cache_write_1h_per_1m: 4.8 } }',
      ),
    );
    const [model] = config.models;
    expect(model.prices).toMatchObject({ cacheWrite: 3.75, cacheWrite1h: 6, longContext: { cacheWrite: 7.5, cacheWrite1h: 12 } });
    expect(model.deployments[1].prices).toMatchObject({ cacheWrite: null, cacheWrite1h: 4.8, longContext: null });
    const doc = standaloneDocumentOf(config) as { models: Array<{ prices: object; deployments: Array<{ prices?: object }> }> };
    expect(doc.models[0].prices).toMatchObject({ cache_write_per_1m: 3.75, cache_write_1h_per_1m: 6, long_context: { cache_write_per_1m: 7.5, cache_write_1h_per_1m: 12 } });
    expect(doc.models[0].deployments[1].prices).toEqual({ input_per_1m: 2.4, output_per_1m: 12, cache_write_1h_per_1m: 4.8 });
    expect(problemOf(FILE.replace('output_per_1m: 0.6 }', 'output_per_1m: 0.6, cache_write_1h_per_1m: -1 }')).errors?.map((e) => e.path)).toEqual(['models.0.prices.cache_write_1h_per_1m']);
  });

  it('keeps an absent cached-input price absent (the gateway bills it at the input price) and a 0 as 0', () => {
    const config = parseImportFile(FILE);
    expect(config.models[0].prices.cachedInput).toBeNull();
    const doc = standaloneDocumentOf(config) as { models: Array<{ prices: object }> };
    expect(doc.models[0].prices).toEqual({ input_per_1m: 0.15, output_per_1m: 0.6 });
    const free = parseImportFile(FILE.replace('output_per_1m: 0.6 }', 'output_per_1m: 0.6, cached_input_per_1m: 0 }'));
    expect(free.models[0].prices.cachedInput).toBe(0);
    expect((standaloneDocumentOf(free) as { models: Array<{ prices: object }> }).models[0].prices).toEqual({ input_per_1m: 0.15, output_per_1m: 0.6, cached_input_per_1m: 0 });
  });

  it('answers YAML syntax errors with line and column, schema errors with paths, and refuses secrets, keys and routing', () => {
    expect(problemOf('version: 1\nmodels: [\n').errors?.[0].path).toMatch(/^line \d+, column \d+$/);
    expect(problemOf(FILE.replace('type: openai', 'type: closedai')).errors?.map((e) => e.path)).toEqual(['providers.0.type']);
    const refused = problemOf(`${FILE.replace('"${MOCK_KEY}"', 'sk-live')}keys:\n  - { name: ci, key_hash: ${'a'.repeat(64)} }\nrouting: { strategy: priority }\n`);
    expect(refused.status).toBe(422);
    expect(refused.errors?.map((e) => e.path)).toEqual(['keys', 'providers.0.api_key', 'routing']);
  });

  it('answers an alias bomb ("billion laughs") with a 400 naming the cause, and still takes a file that reuses an anchor', () => {
    const levels = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'];
    for (let i = 1; i < 9; i += 1) levels.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${String.fromCharCode(96 + i)}`).join(', ')}]`);
    const bomb = problemOf(`version: 1\norganization: acme\n${levels.join('\n')}\n`);
    expect(bomb.status).toBe(400);
    expect(bomb.errors).toEqual([{ path: '(document)', message: expect.stringMatching(/alias/i) }]);

    const reused = parseImportFile(FILE.replace('prices: { input_per_1m: 0.15, output_per_1m: 0.6 }', 'prices: &cheap { input_per_1m: 0.15, output_per_1m: 0.6 }').replace('governance:', '  - { name: gpt-4o, prices: *cheap, deployments: [{ provider: mock, model: gpt-4o }] }\ngovernance:'));
    expect(reused.models.map((m) => [m.name, m.prices.input])).toEqual([
      ['gpt-4o', 0.15],
      ['gpt-4o-mini', 0.15],
    ]);
  });

  it('turns stored names that are not valid config names into slugs', () => {
    expect(configName('Mock OpenAI')).toBe('mock-openai');
    expect(configName('gpt-4o-mini')).toBe('gpt-4o-mini');
    expect(configName('  ')).toBe('unnamed');
  });
});

describe('the audited diff', () => {
  it('cuts long lists so one audit event stays small', () => {
    const names = Array.from({ length: 250 }, (_, i) => `model-${i}`);
    const diff = { providers: { added: [], changed: [], removed: [] }, models: { added: names, changed: [], removed: [] }, teams: { added: [] }, policies: { added: [], changed: [], removed: [] } };
    expect(auditableDiff(diff).models).toEqual({ added: { first: names.slice(0, 100), total: 250 }, changed: [], removed: [] });
    expect(auditableDiff(diff).teams).toEqual({ added: [] });
  });
});
