import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const START_OPTIONS = join(ROOT, 'scripts', 'lib', 'start-options.mjs');

type Outcome = { ok: true; options: { ports: Record<string, number>; pglitePort: number; stateDir: string } } | { ok: false; error: string };

/** startOptions(env) in a Node ES-module child (the script uses import.meta, which Jest's CommonJS cannot load). */
function startOptions(env: Record<string, string>): Outcome {
  const script = `
    const { startOptions } = await import(${JSON.stringify(START_OPTIONS)});
    let outcome;
    try { outcome = { ok: true, options: startOptions(${JSON.stringify(env)}) }; } catch (err) { outcome = { ok: false, error: err.message }; }
    process.stdout.write(JSON.stringify(outcome));`;
  return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' })) as Outcome;
}

describe('what npm start reads from its environment', () => {
  it('uses the documented ports and .sluice when nothing is set', () => {
    expect(startOptions({})).toEqual({
      ok: true,
      options: { ports: { gateway: 4000, adminApi: 4100, worker: 4200, mockProvider: 4300, portal: 3000 }, pglitePort: 5433, stateDir: join(ROOT, '.sluice') },
    });
  });

  it("moves each service with the service's own port variable, and the state directory with SLUICE_STATE_DIR", () => {
    const outcome = startOptions({ GATEWAY_PORT: '8000', ADMIN_API_PORT: '8100', WORKER_HEALTH_PORT: '8200', MOCK_PROVIDER_PORT: '8300', PORTAL_PORT: '8080', PGLITE_PORT: '8433', SLUICE_STATE_DIR: 'tmp/demo' });
    expect(outcome).toEqual({
      ok: true,
      options: { ports: { gateway: 8000, adminApi: 8100, worker: 8200, mockProvider: 8300, portal: 8080 }, pglitePort: 8433, stateDir: join(ROOT, 'tmp', 'demo') },
    });
    expect(startOptions({ SLUICE_STATE_DIR: '/var/lib/sluice-demo' })).toMatchObject({ ok: true, options: { stateDir: '/var/lib/sluice-demo' } });
  });

  it('refuses a value that is not a port, naming the variable', () => {
    expect(startOptions({ PORTAL_PORT: '30O0' })).toEqual({ ok: false, error: 'PORTAL_PORT="30O0" is not a port: use a whole number from 1 to 65535' });
    expect(startOptions({ GATEWAY_PORT: '70000' })).toMatchObject({ ok: false, error: expect.stringContaining('GATEWAY_PORT="70000" is not a port') });
    expect(startOptions({ PGLITE_PORT: '-1' })).toMatchObject({ ok: false, error: expect.stringContaining('PGLITE_PORT="-1" is not a port') });
  });

  it('refuses two services on one port; the PGlite port only counts when npm start runs PGlite', () => {
    expect(startOptions({ GATEWAY_PORT: '3000' })).toEqual({ ok: false, error: 'PORTAL_PORT and GATEWAY_PORT are both 3000: every service needs a port of its own' });
    expect(startOptions({ PGLITE_PORT: '4000' })).toMatchObject({ ok: false, error: 'PGLITE_PORT and GATEWAY_PORT are both 4000: every service needs a port of its own' });
    expect(startOptions({ PGLITE_PORT: '4000', DATABASE_URL: 'postgres://db/sluice' })).toMatchObject({ ok: true });
  });
});
