import type { FastifyInstance } from 'fastify';
import { mockConfigSchema } from '../faults/fault-settings';
import { describeIssue } from '../http/validation';
import type { MockState } from '../mock-state';

/** Test-only endpoints under `/_mock`, plus the health probes. No auth: the mock never runs in production. */
export function registerMockControlRoutes(app: FastifyInstance, state: MockState): void {
  app.get('/health/live', async () => ({ status: 'ok' }));
  app.get('/health/ready', async () => ({ status: 'ok' }));

  app.get('/_mock/requests', async () => ({ data: state.recorder.list() }));
  app.delete('/_mock/requests', async (_request, reply) => {
    state.recorder.clear();
    return reply.code(204).send();
  });

  app.get('/_mock/config', async () => state.config);
  app.post('/_mock/config', async (request, reply) => {
    const parsed = mockConfigSchema.safeParse(request.body ?? {});
    if (!parsed.success) {
      const problem = describeIssue(parsed.error);
      return reply.code(400).send({ error: { message: problem.message, param: problem.param } });
    }
    state.setConfig(parsed.data);
    return parsed.data;
  });
  app.delete('/_mock/config', async (_request, reply) => {
    state.resetConfig();
    return reply.code(204).send();
  });

  app.get('/_mock/stats', async () => state.stats.snapshot());
  app.delete('/_mock/stats', async (_request, reply) => {
    state.stats.reset();
    return reply.code(204).send();
  });

  app.post('/_mock/reset', async (_request, reply) => {
    state.resetAll();
    return reply.code(204).send();
  });
}
