import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const env = { ...process.env, NX_NO_CLOUD: 'true', NX_DAEMON: 'false' };

interface LintMessage {
  ruleId: string | null;
  message: string;
}

/** Lints `code` as if it were `filePath`, with the repository's real ESLint config (the CLI, as `npm run lint` runs it). */
async function boundaryErrors(filePath: string, code: string): Promise<string[]> {
  const run = spawnSync('npx', ['eslint', '--format', 'json', '--stdin', '--stdin-filename', filePath], { cwd: root, env, input: code, encoding: 'utf8' });
  const [result] = JSON.parse(run.stdout) as Array<{ messages: LintMessage[] }>;
  return result.messages.filter((m) => m.ruleId === '@nx/enforce-module-boundaries').map((m) => m.message);
}

describe('Nx module boundaries (eslint)', () => {
  beforeAll(() => {
    // The rule reads the cached project graph; compute it as `npm run lint` does.
    execFileSync('npx', ['nx', 'show', 'projects'], { cwd: root, env, stdio: 'ignore' });
  }, 120_000);

  it('lets an app import libs', async () => {
    expect(await boundaryErrors('apps/gateway/src/probe.ts', "import { adapterFor } from '@sluice/providers';\nexport const x = adapterFor;\n")).toEqual([]);
  });

  it('forbids a lib from importing an app', async () => {
    const errors = await boundaryErrors('libs/providers/src/probe.ts', "import { startWorker } from '@sluice/worker';\nexport const x = startWorker;\n");
    expect(errors).toEqual(['Imports of apps are forbidden']);
  });

  it('lets the portal import contracts and UI libs, but no server lib', async () => {
    expect(await boundaryErrors('apps/portal/src/probe.ts', "import { requestStatsSchema } from '@sluice/contracts';\nexport const x = requestStatsSchema;\n")).toEqual([]);
    const errors = await boundaryErrors('apps/portal/src/probe.ts', "import { hashApiKey } from '@sluice/governance';\nexport const x = hashApiKey;\n");
    expect(errors).toEqual([expect.stringContaining('A project tagged with "scope:web" can only depend on libs tagged with "scope:web", "scope:shared"')]);
  });

  it('forbids dependency cycles between libs', async () => {
    const errors = await boundaryErrors('libs/contracts/src/probe.ts', "import { costOfUsage } from '@sluice/governance';\nexport const x = costOfUsage;\n");
    expect(errors).toEqual([expect.stringContaining('Circular dependency between "@sluice/contracts" and "@sluice/governance"')]);
  });
});
