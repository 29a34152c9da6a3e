import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { buildMockProvider, type MockProviderOptions } from '../server';

export interface RunningMockProvider {
  app: FastifyInstance;
  /** e.g. http://127.0.0.1:53211 */
  baseUrl: string;
  close(): Promise<void>;
}

/** Starts the mock in-process on a free port (for tests). */
export async function listenForTest(options: MockProviderOptions = {}): Promise<RunningMockProvider> {
  const app = buildMockProvider(options);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return { app, baseUrl: `http://127.0.0.1:${port}`, close: () => app.close() };
}
