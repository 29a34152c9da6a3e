import { CopyButton } from './copy-button';

/** How an application calls the gateway: change the base URL, keep the OpenAI SDK. */
export function GettingStartedPanel({ gatewayBaseUrl }: { gatewayBaseUrl: string }) {
  const snippet = `import OpenAI from 'openai';

const client = new OpenAI({
  baseURL: '${gatewayBaseUrl}',
  apiKey: process.env.SLUICE_API_KEY, // your Sluice virtual key
});

const completion = await client.chat.completions.create({
  model: 'gpt-4o-mini',
  messages: [{ role: 'user', content: 'Hello from Sluice' }],
});
console.log(completion.choices[0].message.content);`;

  return (
    <section aria-labelledby="getting-started" className="rounded-xl border border-border bg-surface p-5 shadow-sm">
      <h2 id="getting-started" className="text-base font-semibold text-fg">
        Getting started
      </h2>
      <p className="mt-1 text-sm text-fg-muted">
        Sluice speaks the OpenAI API. Point any OpenAI SDK at the gateway and authenticate with a Sluice virtual key instead
        of a provider key — nothing else in your application changes.
      </p>
      <ol className="mt-4 flex flex-col gap-3 text-sm text-fg">
        <li className="flex gap-3">
          <Step n={1} />
          <span>Ask your Sluice administrator for a virtual API key and the models your team may use.</span>
        </li>
        <li className="flex flex-wrap items-center gap-3">
          <Step n={2} />
          <span>Set the SDK&apos;s base URL to</span>
          <code className="rounded-md bg-surface-muted px-2 py-1 font-mono text-xs">{gatewayBaseUrl}</code>
          <CopyButton text={gatewayBaseUrl} label="Copy URL" />
        </li>
        <li className="flex gap-3">
          <Step n={3} />
          <span>Send a request. It is counted under “Requests logged” within seconds.</span>
        </li>
      </ol>
      <div className="mt-5 overflow-hidden rounded-lg border border-border">
        <div className="flex items-center justify-between border-b border-border bg-surface-muted px-3 py-1.5">
          <span className="font-mono text-xs text-fg-muted">app.ts · openai SDK for Node.js</span>
          <CopyButton text={snippet} label="Copy code" />
        </div>
        <pre className="overflow-x-auto bg-surface-muted/40 p-4 font-mono text-xs leading-relaxed text-fg" tabIndex={0} aria-label="Example code">
          <code>{snippet}</code>
        </pre>
      </div>
    </section>
  );
}

function Step({ n }: { n: number }) {
  return (
    <span
      aria-hidden="true"
      className="grid size-6 shrink-0 place-items-center rounded-full bg-accent-soft text-xs font-semibold text-accent"
    >
      {n}
    </span>
  );
}
