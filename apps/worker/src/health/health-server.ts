import Fastify, { type FastifyInstance } from 'fastify';

export type ReadinessCheck = () => Promise<boolean>;

/** A tiny HTTP server so orchestrators can probe a process that otherwise serves no HTTP. */
export function buildHealthServer(checks: Record<string, ReadinessCheck>): FastifyInstance {
  const app = Fastify({ logger: false });
  app.get('/health/live', async () => ({ status: 'ok' }));
  app.get('/health/ready', async (_req, reply) => {
    const entries = await Promise.all(
      Object.entries(checks).map(async ([name, check]) => [name, (await check().catch(() => false)) ? 'up' : 'down'] as const),
    );
    const ok = entries.every(([, state]) => state === 'up');
    return reply.status(ok ? 200 : 503).send({ status: ok ? 'ok' : 'error', checks: Object.fromEntries(entries) });
  });
  return app;
}
