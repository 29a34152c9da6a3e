import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const env = { ...process.env, NX_NO_CLOUD: 'true', NX_DAEMON: 'false' };

const PROBES = {
  appImportsLib: { filePath: 'apps/gateway/src/probe.ts', code: "import { adapterFor } from '@sluice/providers';\nexport const x = adapterFor;\n" },
  libImportsApp: { filePath: 'libs/providers/src/probe.ts', code: "import { startWorker } from '@sluice/worker';\nexport const x = startWorker;\n" },
  portalImportsContracts: { filePath: 'apps/portal/src/probe.ts', code: "import { requestStatsSchema } from '@sluice/contracts';\nexport const x = requestStatsSchema;\n" },
  portalImportsServerLib: { filePath: 'apps/portal/src/probe.ts', code: "import { hashApiKey } from '@sluice/governance';\nexport const x = hashApiKey;\n" },
  libCycle: { filePath: 'libs/contracts/src/probe.ts', code: "import { costOfUsage } from '@sluice/governance';\nexport const x = costOfUsage;\n" },
};
type Probe = keyof typeof PROBES;

/**
 * Lints each probe's code as if it were its file, with the repository's real ESLint config, through
 * ESLint's Node API (what the CLI of `npm run lint` calls) in one child process: the flat config is an
 * ES module, which Jest's CommonJS sandbox cannot load.
 */
function boundaryErrorsOfProbes(): Record<Probe, string[]> {
  const script = `
    const { ESLint } = require('eslint');
    (async () => {
      const probes = JSON.parse(require('node:fs').readFileSync(0, 'utf8'));
      const eslint = new ESLint({ cwd: process.cwd() });
      const out = {};
      for (const [name, { filePath, code }] of Object.entries(probes)) {
        const [result] = await eslint.lintText(code, { filePath });
        out[name] = result.messages.filter((m) => m.ruleId === '@nx/enforce-module-boundaries').map((m) => m.message);
      }
      process.stdout.write(JSON.stringify(out));
    })().catch((error) => { console.error(error); process.exit(1); });`;
  return JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: root, env, input: JSON.stringify(PROBES), encoding: 'utf8' })) as Record<Probe, string[]>;
}

describe('Nx module boundaries (eslint)', () => {
  let errors: Record<Probe, string[]>;
  beforeAll(() => {
    // The rule reads the cached project graph; compute it as `npm run lint` does.
    execFileSync('npx', ['nx', 'show', 'projects'], { cwd: root, env, stdio: 'ignore' });
    errors = boundaryErrorsOfProbes();
  }, 120_000);

  it('lets an app import libs', () => {
    expect(errors.appImportsLib).toEqual([]);
  });

  it('forbids a lib from importing an app', () => {
    expect(errors.libImportsApp).toEqual(['Imports of apps are forbidden']);
  });

  it('lets the portal import contracts and UI libs, but no server lib', () => {
    expect(errors.portalImportsContracts).toEqual([]);
    expect(errors.portalImportsServerLib).toEqual([expect.stringContaining('A project tagged with "scope:web" can only depend on libs tagged with "scope:web", "scope:shared"')]);
  });

  it('forbids dependency cycles between libs', () => {
    expect(errors.libCycle).toEqual([expect.stringContaining('Circular dependency between "@sluice/contracts" and "@sluice/governance"')]);
  });
});
