import { parseEnv, workerEnvSchema, type WorkerEnv } from '@sluice/contracts';

export type WorkerConfig = WorkerEnv;

export function loadWorkerConfig(env: NodeJS.ProcessEnv = process.env): WorkerConfig {
  return parseEnv('worker', workerEnvSchema, env);
}
