import type { Cluster, Redis } from 'ioredis';
import { ADMIT_SCRIPT, SETTLE_SCRIPT } from './limit-scripts';
import type { Admission, LimitRule, Settlement } from './limit-rule';
import type { Limiter } from './limiter';
import { BoundedNestedMap } from '../memo/bounded-nested-map';

/** About 12 MB at most. */
const MAX_CACHED_KEYS = 50_000;

type ScriptCommand = (numKeys: number, ...keysAndArgs: Array<string | number>) => Promise<Array<number | string | null>>;
interface LimiterCommands {
  sluiceAdmit: ScriptCommand;
  sluiceSettle: ScriptCommand;
}

/**
 * Cluster-wide limits and budgets: one EVALSHA at admission, one after the call. All keys of a
 * request carry the org as hash tag, so the scripts also run on Redis Cluster.
 */
export class RedisLimiter implements Limiter {
  private readonly commands: LimiterCommands;
  private readonly settlements: LimiterCommands;
  /** Redis key of each rule id, per org: the same few keys are needed on every request of a key. */
  private readonly keys = new BoundedNestedMap<{ kind: LimitRule['kind']; period: string; key: string }>(MAX_CACHED_KEYS);

  /** `settleOn`: the connection settlements go out on (after the response; default: the admission connection). */
  constructor(redis: Redis | Cluster, private readonly prefix: string, settleOn: Redis | Cluster = redis) {
    redis.defineCommand('sluiceAdmit', { lua: ADMIT_SCRIPT });
    settleOn.defineCommand('sluiceSettle', { lua: SETTLE_SCRIPT });
    this.commands = redis as unknown as LimiterCommands;
    this.settlements = settleOn as unknown as LimiterCommands;
  }

  keyOf(orgId: string, rule: LimitRule): string {
    const period = rule.kind === 'budget' ? rule.period : '';
    const known = this.keys.get(orgId, rule.id);
    if (known && known.kind === rule.kind && known.period === period) return known.key;
    const key = this.buildKey(orgId, rule);
    this.keys.set(orgId, rule.id, { kind: rule.kind, period, key });
    return key;
  }

  private buildKey(orgId: string, rule: LimitRule): string {
    const tag = `${this.prefix}:{${orgId}}`;
    if (rule.kind === 'rate') return `${tag}:rate:${rule.id}`;
    if (rule.kind === 'concurrency') return `${tag}:conc:${rule.id}`;
    return `${tag}:budget:${rule.id}:${rule.period}`;
  }

  /**
   * Checks and reserves every rule atomically. With `cacheKey` the same round trip reads the exact
   * cache: on a hit only rules with `countsOnCacheHit` apply (a cached answer costs no tokens or
   * budget), and `cached` carries the raw entry.
   */
  async admit(orgId: string, requestId: string, rules: readonly LimitRule[], cacheKey?: string): Promise<Admission> {
    if (rules.length === 0 && !cacheKey) return { allowed: true, deniedBy: null, states: [], cached: null };
    // A JSON array built by hand: no intermediate arrays on the hot path (see limit-scripts.ts).
    let values = '';
    const keys: string[] = [];
    for (const rule of rules) {
      if (rule.kind === 'rate') values += `,"rate",${rule.limit},${rule.windowMs},${rule.cost},${rule.countsOnCacheHit ? 1 : 0}`;
      else if (rule.kind === 'concurrency') values += `,"concurrency",${rule.limit},${rule.leaseMs},0,0`;
      else values += rule.enforce === false ? `,"budget",-1,0,${rule.ttlMs},0` : `,"budget",${rule.limitNanos},${rule.reserveNanos},${rule.ttlMs},0`;
      keys.push(this.keyOf(orgId, rule));
    }
    if (cacheKey) keys.push(cacheKey);
    const reply = (await this.commands.sluiceAdmit(keys.length, ...keys, requestId, rules.length, cacheKey ? 1 : 0, `[${values.slice(1)}]`)) as Array<number | string | null>;
    const [allowed, deniedIndex, retryAfterMs, cached] = reply;
    const states = rules.map((rule, i) => ({
      id: rule.id,
      limit: rule.kind === 'budget' ? rule.limitNanos : rule.limit,
      remaining: Number(reply[4 + i * 2]),
      resetMs: Number(reply[5 + i * 2]),
    }));
    const denied = allowed === 1 ? null : rules[Number(deniedIndex) - 1];
    return {
      allowed: allowed === 1,
      deniedBy: denied ? { id: denied.id, kind: denied.kind, retryAfterMs: Number(retryAfterMs) } : null,
      states: states.filter((state) => state.remaining !== -1),
      cached: typeof cached === 'string' ? cached : null,
    };
  }

  /**
   * Corrects reservations after the call. Returns the period's spent total (nano-USD) per budget rule
   * id. A rate rule whose estimate was right (every RPM rule) has nothing to correct and is not sent;
   * with nothing left to correct there is no round trip.
   */
  async settle(orgId: string, requestId: string, rules: readonly LimitRule[], settlement: Settlement): Promise<Record<string, number>> {
    let values = '';
    const keys: string[] = [];
    const sent: LimitRule[] = [];
    for (const rule of rules) {
      if (rule.kind === 'rate') {
        const delta = settlement.tokenDelta[rule.id] ?? 0;
        if (delta === 0) continue;
        values += `,"rate",${rule.limit},${rule.windowMs},${delta}`;
      } else if (rule.kind === 'concurrency') values += ',"concurrency",0,0,0';
      else values += `,"budget",${rule.enforce === false ? 0 : rule.reserveNanos},${settlement.costNanos},${rule.ttlMs}`;
      keys.push(this.keyOf(orgId, rule));
      sent.push(rule);
    }
    if (sent.length === 0) return {};
    const spent = (await this.settlements.sluiceSettle(keys.length, ...keys, requestId, sent.length, `[${values.slice(1)}]`)) as number[];
    const out: Record<string, number> = {};
    sent.forEach((rule, i) => {
      if (rule.kind === 'budget') out[rule.id] = Number(spent[i]);
    });
    return out;
  }
}
