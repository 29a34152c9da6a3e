import Anthropic from '@anthropic-ai/sdk';
import { startStandaloneGateway, type StandaloneGateway } from './standalone-gateway';

/** Which mock upstream serves a model: the OpenAI-format one or the Anthropic-format one. */
export type MockFormat = 'openai' | 'anthropic';

export const GPT_AND_CLAUDE: Record<string, MockFormat> = { 'gpt-4o-mini': 'openai', 'claude-3-5-haiku': 'anthropic' };

/**
 * A standalone gateway in front of the mock provider speaking both upstream formats, with `models`
 * each served by one of them and one key (`keyOptions` adds to its YAML, e.g. `allowed_models: [...]`),
 * and the official Anthropic SDK on that key (no retries). `gateway.client(key)` is the OpenAI SDK.
 * `extraConfig`: more top-level YAML before `keys:` (e.g. a `teams:` section for `keyOptions` `team: x`).
 */
export async function startTwoFormatGateway(
  key: string,
  models: Record<string, MockFormat> = GPT_AND_CLAUDE,
  keyOptions = '',
  extraConfig = '',
): Promise<{ gateway: StandaloneGateway; claude: Anthropic }> {
  const provider: Record<MockFormat, string> = { openai: 'mock-openai', anthropic: 'mock-anthropic' };
  const gateway = await startStandaloneGateway(
    (mockUrl) => `
version: 1
providers:
  - { name: mock-openai, type: openai, base_url: ${mockUrl}/v1, api_key: k }
  - { name: mock-anthropic, type: anthropic, base_url: ${mockUrl}, api_key: k }
models:
${Object.entries(models)
  .map(([name, format]) => `  - { name: ${name}, deployments: [{ provider: ${provider[format]}, model: ${name} }] }`)
  .join('\n')}
${extraConfig}
keys:
  - { name: app, key: ${key}${keyOptions ? `, ${keyOptions}` : ''} }
`,
  );
  return { gateway, claude: new Anthropic({ baseURL: gateway.url, apiKey: key, maxRetries: 0 }) };
}
