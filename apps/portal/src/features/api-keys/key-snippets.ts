import type { CodeSample } from '@sluice/ui';

/**
 * How to call the gateway with a new key, for the "shown once" dialog. The model is the first one
 * the key allows, else a placeholder the user replaces.
 */
export function keySnippets(gatewayBaseUrl: string, secret: string, model = '<model>'): CodeSample[] {
  const q = (value: string) => JSON.stringify(value);
  return [
    {
      id: 'curl',
      label: 'curl',
      code: [
        `curl ${gatewayBaseUrl}/chat/completions \\`,
        `  -H "Authorization: Bearer ${secret}" \\`,
        `  -H "Content-Type: application/json" \\`,
        `  -d '{"model": ${q(model)}, "messages": [{"role": "user", "content": "Hello"}]}'`,
      ].join('\n'),
    },
    {
      id: 'python',
      label: 'Python',
      code: [
        'from openai import OpenAI',
        '',
        `client = OpenAI(base_url=${q(gatewayBaseUrl)}, api_key=${q(secret)})`,
        `reply = client.chat.completions.create(model=${q(model)}, messages=[{"role": "user", "content": "Hello"}])`,
        'print(reply.choices[0].message.content)',
      ].join('\n'),
    },
    {
      id: 'typescript',
      label: 'TypeScript',
      code: [
        "import OpenAI from 'openai';",
        '',
        `const client = new OpenAI({ baseURL: ${q(gatewayBaseUrl)}, apiKey: ${q(secret)} });`,
        `const reply = await client.chat.completions.create({ model: ${q(model)}, messages: [{ role: 'user', content: 'Hello' }] });`,
        'console.log(reply.choices[0].message.content);',
      ].join('\n'),
    },
  ];
}
