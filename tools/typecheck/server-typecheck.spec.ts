import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as ts from 'typescript';

const ROOT = resolve(__dirname, '..', '..');
/** Projects with their own compiler options (DOM, JSX), type-checked by their own typecheck target. */
const WEB_PROJECTS = ['apps/portal', 'libs/ui'];

function parsed(configPath: string): ts.ParsedCommandLine {
  const config = ts.getParsedCommandLineOfConfigFile(configPath, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n')); } });
  if (!config) throw new Error(`cannot read ${configPath}`);
  return config;
}

const projects = ['apps', 'libs'].flatMap((group) => readdirSync(join(ROOT, group)).map((name) => `${group}/${name}`)).filter((p) => existsSync(join(ROOT, p, 'tsconfig.json')));
const serverProjects = projects.filter((p) => !WEB_PROJECTS.includes(p));

/**
 * `npm test` type-checks every Node project in one tsc program (tsconfig.typecheck-server.json). That
 * check means the same as one tsc per project only while each project's own tsconfig.json uses the
 * same compiler options and files.
 */
describe('the one-program type-check of the Node projects', () => {
  const combined = parsed(join(ROOT, 'tsconfig.typecheck-server.json'));

  it('finds the Node projects and the web projects it leaves out', () => {
    expect(serverProjects.length).toBeGreaterThanOrEqual(15);
    for (const web of WEB_PROJECTS) expect(projects).toContain(web);
  });

  it.each(serverProjects)('%s: same compiler options as the combined check', (project) => {
    const own = parsed(join(ROOT, project, 'tsconfig.json'));
    expect(own.options).toEqual({ ...combined.options, configFilePath: own.options.configFilePath });
  });

  it.each(serverProjects)('%s: every file its own typecheck covers is in the combined check', (project) => {
    const own = parsed(join(ROOT, project, 'tsconfig.json'));
    const inCombined = new Set(combined.fileNames);
    expect(own.fileNames.length).toBeGreaterThan(0);
    expect(own.fileNames.filter((f) => !inCombined.has(f))).toEqual([]);
  });

  it('holds no file of the web projects', () => {
    expect(combined.fileNames.filter((f) => WEB_PROJECTS.some((web) => f.startsWith(join(ROOT, web) + '/')))).toEqual([]);
  });
});
