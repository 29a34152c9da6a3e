import { z } from 'zod';
import { egressEnvShape } from '@sluice/egress';

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
  /**
   * What provider connections may reach, checked on every new connection after DNS resolution (so a
   * base URL whose name is re-pointed later, or a redirect, is caught too):
   * - `metadata` (default): anything but cloud metadata endpoints (169.254.169.254, fd00:ec2::254,
   *   metadata.google.internal …), never an LLM upstream and the classic SSRF target;
   * - `strict`: the admin API's policy — no private, loopback, link-local or reserved addresses unless
   *   EGRESS_ALLOWED_HOSTS lists them (EGRESS_ALLOW_LOOPBACK for loopback); for deployments where
   *   organization admins set provider base URLs;
   * - `off`: no check.
   */
  GATEWAY_EGRESS: z.preprocess((v) => (v === '' ? undefined : v), z.enum(['metadata', 'strict', 'off']).default('metadata')),
  ...egressEnvShape,
});
export type UpstreamEnv = z.output<typeof upstreamEnvSchema>;
