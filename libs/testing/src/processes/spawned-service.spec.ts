import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port';
import { spawnService } from './spawned-service';

const dir = mkdtempSync(join(tmpdir(), 'sluice-spawned-service-'));
const script = (name: string, source: string) => {
  const file = join(dir, name);
  writeFileSync(file, source);
  return file;
};
// Answers readiness on PORT, like our services do.
const READY_SERVICE = script('ready.js', `require('node:http').createServer((q, r) => r.end('ok')).listen(Number(process.env.PORT), '127.0.0.1');`);
// Fails to listen (the port is taken) and exits, as a service does on EADDRINUSE — after a moment, as a booting service would.
const LATE_LISTENER = script('late.js', `setTimeout(() => require('node:http').createServer().listen(Number(process.env.PORT), '127.0.0.1').on('error', (e) => { console.error(e.message); process.exit(1); }), 300);`);
// Never listens at all.
const SILENT = script('silent.js', `setInterval(() => {}, 1000);`);

describe('spawnService', () => {
  let squatter: Server;
  let squatted: number;

  beforeAll(async () => {
    squatted = await freePort();
    squatter = createServer((req, res) => res.end('someone else'));
    await new Promise<void>((resolve) => squatter.listen(squatted, '127.0.0.1', resolve));
  });
  afterAll(() => new Promise((resolve) => squatter.close(resolve)));

  it('is ready once its own child answers the readiness check', async () => {
    const port = await freePort();
    const service = await spawnService({ name: 'ready', entry: READY_SERVICE, env: { ...process.env, PORT: String(port) }, url: `http://127.0.0.1:${port}` });
    expect(service.process.exitCode).toBeNull();
    expect(await service.stop()).not.toBe(0);
  });

  it('refuses a readiness answer from another process on the port when its child could not listen', async () => {
    await expect(
      spawnService({ name: 'late', entry: LATE_LISTENER, env: { ...process.env, PORT: String(squatted) }, url: `http://127.0.0.1:${squatted}`, readyTimeoutMs: 5000 }),
    ).rejects.toThrow(/late (could not listen on port|exited with code 1)/);
  });

  it('does not take another process answering on the port for a child that never listens', async () => {
    await expect(
      spawnService({ name: 'silent', entry: SILENT, env: { ...process.env, PORT: String(squatted) }, url: `http://127.0.0.1:${squatted}`, readyTimeoutMs: 1500 }),
    ).rejects.toThrow(/silent was not ready within 1500 ms/);
  });
});
