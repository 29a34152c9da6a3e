// `npm ci` when node_modules is missing or older than package-lock.json (fresh clone, CI, lockfile change).
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { ROOT } from './env.mjs';
import { runOrThrow } from './run.mjs';

export function dependenciesAreCurrent() {
  const marker = resolve(ROOT, 'node_modules', '.package-lock.json'); // written by npm on every install
  if (!existsSync(marker)) return false;
  return statSync(resolve(ROOT, 'package-lock.json')).mtimeMs <= statSync(marker).mtimeMs + 1000;
}

export async function ensureDependencies(log = console.log) {
  if (dependenciesAreCurrent()) return false;
  log('node_modules is missing or older than package-lock.json: running npm ci (about a minute)');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  await runOrThrow('npm ci', npm, ['ci', '--no-audit', '--no-fund']);
  return true;
}
