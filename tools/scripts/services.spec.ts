import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const SERVICES = join(__dirname, '..', '..', 'scripts', 'lib', 'services.mjs');

/** The worker's env from serviceDefinitions, read in a Node ES-module child (the script uses import.meta, which Jest's CommonJS cannot load). */
function workerEnv(embeddedDatabase?: boolean): Record<string, string | undefined> {
  const script = `
    const { serviceDefinitions } = await import(${JSON.stringify(SERVICES)});
    const defs = serviceDefinitions({ databaseUrl: 'postgres://x@127.0.0.1/x', redisUrl: 'redis://127.0.0.1:6379', env: {}, embeddedDatabase: ${JSON.stringify(embeddedDatabase)} });
    process.stdout.write(JSON.stringify(defs.find((d) => d.name === 'worker').env));`;
  return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' })) as Record<string, string | undefined>;
}

describe('npm start service definitions', () => {
  it('has the worker write usage with INSERT on the embedded PGlite (it cannot COPY over the wire) and with COPY on a real Postgres', () => {
    expect(workerEnv(true).USAGE_INGEST_METHOD).toBe('insert');
    expect(workerEnv(false).USAGE_INGEST_METHOD).toBeUndefined();
    expect(workerEnv(undefined).USAGE_INGEST_METHOD).toBeUndefined();
  });
});
