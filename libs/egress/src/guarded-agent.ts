import { isIP } from 'node:net';
import { Agent, buildConnector } from 'undici';
import { normalizeHostname, type EgressGuard } from './egress-guard';

/**
 * An undici connector that checks every connection: IP literals before connecting (node skips
 * `lookup` for them) and host names after DNS resolution via the guard's lookup. Because it sits
 * at connect time, redirects and DNS rebinding to denied addresses fail too.
 */
export function createGuardedConnector(guard: EgressGuard, options: buildConnector.BuildOptions = {}): buildConnector.connector {
  const connect = buildConnector({ ...options, lookup: guard.lookup } as buildConnector.BuildOptions);
  return (opts, callback) => {
    try {
      const hostname = normalizeHostname(opts.hostname);
      if (isIP(hostname)) guard.assertAddressAllowed(hostname, hostname);
      else guard.assertUrlAllowed(`${opts.protocol}//${opts.hostname}`);
    } catch (denied) {
      callback(denied as Error, null);
      return;
    }
    connect(opts, callback);
  };
}

/** An undici Agent whose every connection passes the egress guard. */
export function createGuardedAgent(guard: EgressGuard, options: Agent.Options = {}, connectOptions: buildConnector.BuildOptions = {}): Agent {
  return new Agent({ ...options, connect: createGuardedConnector(guard, connectOptions) });
}
