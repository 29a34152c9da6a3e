// Run a command to completion, inheriting stdio, and resolve with its exit code.
import { spawn } from 'node:child_process';
import { ROOT } from './env.mjs';

/**
 * @param {string} command
 * @param {string[]} args
 * @param {{ cwd?: string, env?: NodeJS.ProcessEnv, capture?: boolean }} [opts]
 * @returns {Promise<{ code: number, stdout: string }>} stdout is only collected when `capture` is set
 */
export function run(command, args, { cwd = ROOT, env = process.env, capture = false } = {}) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', capture ? 'pipe' : 'inherit', 'inherit'] });
    let stdout = '';
    if (capture) child.stdout.on('data', (chunk) => (stdout += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => resolvePromise({ code: code ?? (signal ? 128 : 1), stdout }));
  });
}

/** Like run() but throws with `what` in the message when the command fails. */
export async function runOrThrow(what, command, args, opts) {
  const result = await run(command, args, opts);
  if (result.code !== 0) throw new Error(`${what} failed (exit code ${result.code}); see the output above`);
  return result;
}
