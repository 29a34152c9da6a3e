import { z } from 'zod';

/**
 * Default cap on open connections to one upstream origin. Every in-flight call — a 20 s stream
 * included — holds one connection (no pipelining), so this bounds the gateway's concurrent calls
 * to an origin; calls beyond it wait in the agent's queue. The former fixed 256 made stream 257 wait
 * for a whole stream to end.
 */
export const DEFAULT_UPSTREAM_MAX_CONNECTIONS = 8192;

/** Gateway env read by the upstream HTTP client. */
export const upstreamEnvSchema = z.object({
  /** Open connections per upstream origin (keep-alive pool); 0 = no cap (bounded only by file descriptors). */
  UPSTREAM_MAX_CONNECTIONS: z.coerce.number().int().min(0).max(1_000_000).default(DEFAULT_UPSTREAM_MAX_CONNECTIONS),
});
export type UpstreamEnv = z.output<typeof upstreamEnvSchema>;
