/**
 * Keeps docker/ in step with the code: the compose files set only env vars that the apps' zod
 * schemas know, build only Dockerfiles that exist, and the Dockerfiles start the built entry points
 * and health-check the ports the apps listen on.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import {
  adminApiEnvSchema,
  gatewayEnvSchema,
  mockProviderEnvSchema,
  portalEnvSchema,
  workerEnvSchema,
} from '@sluice/contracts';
import { kekEnvShape, migrateEnvSchema } from '@sluice/db';

const root = join(__dirname, '..', '..');
const dockerDir = join(root, 'docker');

type App = 'gateway' | 'admin-api' | 'worker' | 'portal' | 'mock-provider';
const apps: Record<App, { env: Set<string>; portVar: string; port: number }> = {
  gateway: { env: new Set([...Object.keys(gatewayEnvSchema.shape), ...Object.keys(kekEnvShape)]), portVar: 'GATEWAY_PORT', port: 4000 },
  'admin-api': { env: new Set(Object.keys(adminApiEnvSchema.shape)), portVar: 'ADMIN_API_PORT', port: 4100 },
  worker: { env: new Set([...Object.keys(workerEnvSchema.shape), ...Object.keys(kekEnvShape)]), portVar: 'WORKER_HEALTH_PORT', port: 4200 },
  portal: { env: new Set(Object.keys(portalEnvSchema.shape)), portVar: 'PORTAL_PORT', port: 3000 },
  'mock-provider': { env: new Set(Object.keys(mockProviderEnvSchema.shape)), portVar: 'MOCK_PROVIDER_PORT', port: 4300 },
};

type Service = {
  image?: string;
  build?: { context: string; dockerfile: string } | string;
  command?: string[];
  environment?: Record<string, string> | string[];
  volumes?: string[];
  ports?: string[];
  stop_grace_period?: string;
};
type Compose = { services: Record<string, Service> };

const load = (file: string) => parse(readFileSync(join(dockerDir, file), 'utf8'), { merge: true }) as Compose;
const composeFiles = { 'docker-compose.yml': load('docker-compose.yml'), 'docker-compose.dev.yml': load('docker-compose.dev.yml') };

function envOf(s: Service): Record<string, string> {
  if (!s.environment) return {};
  if (Array.isArray(s.environment)) return Object.fromEntries(s.environment.map((kv) => [kv.split('=')[0], kv.split('=').slice(1).join('=')]));
  return Object.fromEntries(Object.entries(s.environment).map(([k, v]) => [k, String(v)]));
}
/** The app a service runs: from its Dockerfile (docker/<app>.Dockerfile) or its sluice/<app> image. */
function appOf(s: Service): App | undefined {
  const dockerfile = typeof s.build === 'object' ? s.build.dockerfile : undefined;
  const name = dockerfile?.match(/([a-z-]+)\.Dockerfile$/)?.[1] ?? s.image?.match(/^sluice\/([a-z-]+)/)?.[1];
  return name as App | undefined;
}
const isMigrate = (s: Service) => s.command?.join(' ').includes('libs/db/dist/cli/migrate.js') ?? false;
/** `${VAR:-default}` → default, `${VAR:?msg}` → a placeholder, for checking literal values. */
const interpolated = (v: string) => v.replace(/\$\{[A-Z0-9_]+:-([^}]*)\}/g, '$1').replace(/\$\{[A-Z0-9_]+(:?\?[^}]*)?\}/g, 'set-by-operator');

const nodeFlags = JSON.parse(readFileSync(join(root, 'scripts/lib/node-flags.json'), 'utf8')) as Record<string, string[]>;

function dockerfile(app: App) {
  const text = readFileSync(join(dockerDir, `${app}.Dockerfile`), 'utf8');
  const cmd = JSON.parse(text.match(/^CMD (\[.*\])$/m)![1]) as string[];
  const workdirs = [...text.matchAll(/^WORKDIR (\S+)$/gm)].map((m) => m[1]);
  return { text, cmd, workdir: workdirs[workdirs.length - 1] };
}

describe.each(Object.entries(composeFiles))('%s', (file, compose) => {
  const services = Object.entries(compose.services);

  it('sets only env vars that the app schema knows', () => {
    for (const [name, s] of services) {
      const app = appOf(s);
      if (!app) continue; // postgres, redis
      const allowed = isMigrate(s) ? new Set(Object.keys(migrateEnvSchema.shape)) : apps[app].env;
      if (['gateway', 'admin-api', 'worker'].includes(app) || isMigrate(s)) expect(envOf(s).DATABASE_URL).toMatch(/^postgres:\/\//);
      for (const key of Object.keys(envOf(s))) {
        if (!allowed.has(key)) throw new Error(`${file} ${name}: ${key} is not in the ${isMigrate(s) ? 'migrate' : app} env schema`);
      }
    }
  });

  it('builds only Dockerfiles in docker/, with the image name they document', () => {
    for (const [name, s] of services) {
      if (!s.build) continue;
      expect(typeof s.build).toBe('object');
      const build = s.build as { context: string; dockerfile: string };
      const context = join(dockerDir, build.context);
      expect(context).toBe(root);
      expect(existsSync(join(context, build.dockerfile))).toBe(true);
      const app = appOf(s)!;
      expect(Object.keys(apps)).toContain(app);
      if (s.image) expect(s.image).toBe(`sluice/${app}`);
      // The Dockerfile's header names the image it is built as.
      if (!readFileSync(join(context, build.dockerfile), 'utf8').includes(`-t sluice/${app} `)) throw new Error(`${file} ${name}: ${build.dockerfile} does not build sluice/${app}`);
    }
  });

  it('listens on the ports it publishes, and production services set the secrets the apps refuse as demo values', () => {
    for (const [name, s] of services) {
      const app = appOf(s);
      if (!app || isMigrate(s)) continue;
      const env = envOf(s);
      const port = Number(env[apps[app].portVar] ?? apps[app].port);
      expect(port).toBe(apps[app].port);
      for (const mapping of s.ports ?? []) expect(Number(mapping.split(':').pop())).toBe(port);
      if (env.NODE_ENV === 'production') {
        const required = { gateway: ['SLUICE_KEY_PEPPER', 'SLUICE_KEK'], 'admin-api': ['SLUICE_KEY_PEPPER'] }[app as string] ?? [];
        for (const key of required) {
          if (!env[key]) throw new Error(`${file} ${name}: NODE_ENV=production refuses the demo ${key}, so it must be set`);
        }
        // In production the worker fails every audit export and usage report without a signing key.
        if (app === 'worker' && !env.SLUICE_AUDIT_SIGNING_KEY) throw new Error(`${file} ${name}: NODE_ENV=production needs SLUICE_AUDIT_SIGNING_KEY to sign exports`);
      }
      if (app === 'gateway') {
        const drainMs = Number(interpolated(env.SHUTDOWN_DRAIN_MS ?? '25000'));
        expect(Number.parseInt(s.stop_grace_period ?? '10s', 10)).toBeGreaterThanOrEqual(drainMs / 1000 + 5);
        // The spool volume is mounted where the gateway writes it (USAGE_SPOOL_DIR, relative to WORKDIR).
        const spool = env.USAGE_SPOOL_DIR ?? String(gatewayEnvSchema.shape.USAGE_SPOOL_DIR.parse(undefined));
        const spoolPath = spool.startsWith('/') ? spool : join(dockerfile('gateway').workdir, spool);
        expect((s.volumes ?? []).map((v) => v.split(':')[1])).toContain(spoolPath);
      }
    }
  });
});

describe.each(Object.keys(apps) as App[])('docker/%s.Dockerfile', (app) => {
  const { text, cmd } = dockerfile(app);

  it('starts the built entry point', () => {
    if (app === 'portal') {
      expect(cmd.join(' ')).toContain('next/dist/bin/next start');
      expect(text).toMatch(/^WORKDIR \/app\/apps\/portal$/m);
      expect(existsSync(join(root, 'apps/portal/next.config.ts'))).toBe(true);
      return;
    }
    // The same Node flags as `npm start` and the benchmarks (scripts/lib/node-flags.json).
    expect(cmd).toEqual(['node', ...nodeFlags[app], `apps/${app}/dist/main.js`]);
    // tsc emits src/main.ts to dist/main.js (tsconfig.app.json rootDir src → outDir dist).
    const tsconfig = readFileSync(join(root, `apps/${app}/tsconfig.app.json`), 'utf8');
    expect(tsconfig).toMatch(/"outDir":\s*"dist"/);
    expect(tsconfig).toMatch(/"rootDir":\s*"src"/);
    expect(existsSync(join(root, `apps/${app}/src/main.ts`))).toBe(true);
    expect(text).toContain(`COPY --from=build /repo/apps/${app}/dist ./apps/${app}/dist`);
  });

  it('exposes and health-checks the app port on /health/ready, as a non-root user', () => {
    const { portVar, port } = apps[app];
    expect(text).toMatch(new RegExp(`^EXPOSE ${port}$`, 'm'));
    const health = text.slice(text.indexOf('HEALTHCHECK'));
    expect(health).toContain(`process.env.${portVar}||${port}`);
    expect(health).toContain('/health/ready');
    expect(text).toMatch(/^USER node$/m);
  });
});
