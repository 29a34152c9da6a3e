import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configSnapshotSchema } from '@sluice/contracts';
import { hashApiKey } from '@sluice/governance';
import { readStandaloneConfig, snapshotFromStandalone } from './standalone-config-file';

const dir = mkdtempSync(join(tmpdir(), 'sluice-standalone-'));
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const VALID = `
version: 1
organization: acme
providers:
  - name: mock
    type: openai
    base_url: \${MOCK_URL:-http://127.0.0.1:4300/v1}
    api_key: \${MOCK_KEY}
models:
  - name: gpt-4o-mini
    prices: { input_per_1m: 0.15, output_per_1m: 0.6 }
    deployments:
      - { provider: mock, model: gpt-4o-mini, timeout_ms: 5000 }
      - { provider: mock, model: gpt-4o-mini-backup, priority: 1 }
keys:
  - name: ci
    key: \${CI_KEY}
    team: platform
    allowed_models: [gpt-4o-mini]
`;

describe('standalone config file', () => {
  const env = { MOCK_KEY: 'upstream-secret', CI_KEY: 'sk-sluice-abcdefghijklmnopqrstuvwxyz0123456789' };
  const pepper = 'pepper-0123456789abcdef';

  it('turns a valid file into a snapshot with hashed keys and stable ids', async () => {
    const config = await readStandaloneConfig(file('valid.yaml', VALID), env);
    const snapshot = configSnapshotSchema.parse(snapshotFromStandalone(config, pepper, 7));
    expect(snapshot.version).toBe(7);
    expect(snapshot.providers[0]).toMatchObject({ name: 'mock', baseUrl: 'http://127.0.0.1:4300/v1', apiKey: 'upstream-secret' });
    expect(snapshot.deployments.map((d) => [d.upstreamModel, d.priority, d.timeoutMs])).toEqual([
      ['gpt-4o-mini', 0, 5000],
      ['gpt-4o-mini-backup', 1, 60000],
    ]);
    expect(snapshot.keys[0].hash).toBe(hashApiKey(pepper, env.CI_KEY));
    expect(snapshot.keys[0].prefix).toBe('sk-sluice-abcdefgh');
    expect(JSON.stringify(snapshot)).not.toContain(env.CI_KEY);
    const again = snapshotFromStandalone(config, pepper, 8);
    expect(again.keys[0].teamId).toBe(snapshot.keys[0].teamId);
    expect(again.keys[0].orgId).toBe(snapshot.keys[0].orgId);
  });

  it('carries cache-write prices (5-minute and 1-hour) and long-context tiers; a deployment override keeps the model’s tier unless it has its own', async () => {
    const tiered = VALID.replace(
      'prices: { input_per_1m: 0.15, output_per_1m: 0.6 }',
      'prices: { input_per_1m: 3, output_per_1m: 15, cached_input_per_1m: 0.3, cache_write_per_1m: 3.75, cache_write_1h_per_1m: 6, long_context: { above_tokens: 200000, input_per_1m: 6, output_per_1m: 22.5, cached_input_per_1m: 0.6, cache_write_per_1m: 7.5, cache_write_1h_per_1m: 12 } }',
    ).replace('priority: 1 }', 'priority: 1, prices: { input_per_1m: 2.4, output_per_1m: 12 } }');
    const snapshot = configSnapshotSchema.parse(snapshotFromStandalone(await readStandaloneConfig(file('tiered.yaml', tiered), env), pepper, 1));
    const tier = { aboveTokens: 200_000, inputPricePer1M: 6, outputPricePer1M: 22.5, cachedInputPricePer1M: 0.6, cacheWritePricePer1M: 7.5, cacheWrite1hPricePer1M: 12 };
    expect(snapshot.models[0]).toMatchObject({ inputPricePer1M: 3, cacheWritePricePer1M: 3.75, cacheWrite1hPricePer1M: 6, longContext: tier });
    expect(snapshot.deployments[1].prices).toEqual({ inputPricePer1M: 2.4, outputPricePer1M: 12, cachedInputPricePer1M: 0.3, cacheWritePricePer1M: 3.75, cacheWrite1hPricePer1M: 6, longContext: tier });
    const badTier = tiered.replace('above_tokens: 200000', 'above_tokens: 0');
    await expect(readStandaloneConfig(file('tier.yaml', badTier), env)).rejects.toThrow(/models\.0\.prices\.long_context\.above_tokens: Too small/);
  });

  it('bills cached tokens at the input price when no cached-input price is set (a deployment override: the model’s, else its own input price)', async () => {
    const overridden = VALID.replace('priority: 1 }', 'priority: 1, prices: { input_per_1m: 0.2, output_per_1m: 0.8 } }');
    let snapshot = configSnapshotSchema.parse(snapshotFromStandalone(await readStandaloneConfig(file('uncached.yaml', overridden), env), pepper, 1));
    expect(snapshot.models[0]).toMatchObject({ inputPricePer1M: 0.15, cachedInputPricePer1M: 0.15 });
    expect(snapshot.deployments[1].prices).toMatchObject({ inputPricePer1M: 0.2, cachedInputPricePer1M: 0.2 });
    const cached = overridden.replace('output_per_1m: 0.6 }', 'output_per_1m: 0.6, cached_input_per_1m: 0 }');
    snapshot = configSnapshotSchema.parse(snapshotFromStandalone(await readStandaloneConfig(file('cached.yaml', cached), env), pepper, 1));
    expect(snapshot.models[0]).toMatchObject({ cachedInputPricePer1M: 0 });
    expect(snapshot.deployments[1].prices).toMatchObject({ inputPricePer1M: 0.2, cachedInputPricePer1M: 0 });
  });

  it('names the file, the field and the problem', async () => {
    const badType = VALID.replace('type: openai', 'type: closedai');
    await expect(readStandaloneConfig(file('type.yaml', badType), env)).rejects.toThrow(/type\.yaml: providers\.0\.type: Invalid option/);
    const badRef = VALID.replace('provider: mock, model: gpt-4o-mini-backup', 'provider: nope, model: x');
    await expect(readStandaloneConfig(file('ref.yaml', badRef), env)).rejects.toThrow(/ref\.yaml: models\.0\.deployments\.1\.provider: unknown provider 'nope'/);
  });

  it('reports unset environment variables, YAML syntax errors and unknown fields', async () => {
    await expect(readStandaloneConfig(file('env.yaml', VALID), {})).rejects.toThrow(/MOCK_KEY \(at providers\.0\.api_key\), CI_KEY \(at keys\.0\.key\)/);
    await expect(readStandaloneConfig(file('syntax.yaml', 'version: 1\nproviders: [\n'), env)).rejects.toThrow(/syntax\.yaml/);
    await expect(readStandaloneConfig(file('extra.yaml', VALID.replace('organization: acme', 'organization: acme\nmodles: []')), env)).rejects.toThrow(/modles/);
    await expect(readStandaloneConfig(join(dir, 'missing.yaml'), env)).rejects.toThrow(/cannot read config file/);
  });
});

describe('the documented example (apps/gateway/examples/sluice.standalone.yaml)', () => {
  it('is a valid standalone config', async () => {
    const path = join(__dirname, '..', '..', '..', 'examples', 'sluice.standalone.yaml');
    const config = await readStandaloneConfig(path, {});
    const snapshot = configSnapshotSchema.parse(snapshotFromStandalone(config, 'pepper-0123456789abcdef', 1));
    expect(snapshot.models.map((m) => m.name)).toEqual(['gpt-4o-mini', 'claude-sonnet', 'text-embedding-3-small', 'llama-local']);
    expect(snapshot.governance.limits.length).toBeGreaterThan(0);
    expect(snapshot.governance.guardrails.length).toBe(2);
    expect(snapshot.routing.fallbacks).toEqual({ 'claude-sonnet': ['gpt-4o-mini'] });
    expect(snapshot.deployments.find((d) => d.modelName === 'gpt-4o-mini')?.tpm).toBe(2_000_000);
    expect(snapshot.models.find((m) => m.name === 'claude-sonnet')).toMatchObject({
      cacheWritePricePer1M: 3.75,
      cacheWrite1hPricePer1M: 6,
      longContext: { aboveTokens: 200_000, inputPricePer1M: 6, outputPricePer1M: 22.5, cachedInputPricePer1M: 0.6, cacheWritePricePer1M: 7.5, cacheWrite1hPricePer1M: 12 },
    });
  });
});

describe('the example in README.md', () => {
  it('is a valid standalone config', async () => {
    const readme = readFileSync(join(__dirname, '..', '..', '..', '..', '..', 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('### Standalone mode'));
    const yaml = /```yaml\n([\s\S]*?)```/.exec(section)?.[1];
    expect(yaml).toBeDefined();
    const env = { OPENAI_API_KEY: 'sk-openai', ANTHROPIC_API_KEY: 'sk-ant', SLUICE_CI_KEY: 'sk-sluice-readme0123456789abcdefghijklmnopq' };
    const config = await readStandaloneConfig(file('readme.yaml', yaml ?? ''), env);
    expect(config.models.map((m) => m.name)).toEqual(['gpt-4o-mini', 'claude-sonnet']);
  });
});
