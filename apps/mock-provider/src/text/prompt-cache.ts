import { createHash, type Hash } from 'node:crypto';
import { estimateTokens, IMAGE_TOKENS, MESSAGE_OVERHEAD_TOKENS } from './tokens';

/** Claude's smallest cacheable prefix: a cache breakpoint before it is ignored. */
export const MIN_CACHEABLE_TOKENS = 1024;
/** How many blocks before a breakpoint Claude looks back for an earlier cached prefix. */
export const LOOKBACK_BLOCKS = 20;

export type CacheTtl = '5m' | '1h';

/** The prompt up to the end of one block: its hash, its tokens, and the breakpoint's TTL when one sits there. */
export interface PrefixBoundary {
  key: string;
  tokens: number;
  breakpoint?: CacheTtl;
}

export interface CacheUse {
  read: number;
  write: number;
  /** The TTL the write is reported under: the last breakpoint's. */
  ttl: CacheTtl;
}

/**
 * Walks a prompt in Claude's cache order (tools, system, messages) and records a boundary after
 * each block, keyed by a hash of everything before it (cache markers left out, so that a moved
 * marker finds the same prefix).
 */
export class PromptPrefixes {
  readonly boundaries: PrefixBoundary[] = [];
  private readonly hash: Hash;
  private tokens = 0;

  constructor(model: string) {
    this.hash = createHash('sha256').update(model);
  }

  message(role: string): void {
    this.tokens += MESSAGE_OVERHEAD_TOKENS;
    this.hash.update(`\0${role}\0`);
  }

  text(text: string): void {
    this.tokens += estimateTokens(text);
    this.boundary(text);
  }

  /** An image or a binary document: the fixed image price, keyed by what identifies it. */
  image(identity: string): void {
    this.tokens += IMAGE_TOKENS;
    this.boundary(identity);
  }

  /** A cache breakpoint after the last block (ignored before the first). */
  breakpoint(ttl: CacheTtl): void {
    const last = this.boundaries.at(-1);
    if (last) last.breakpoint = ttl;
  }

  private boundary(content: string): void {
    this.hash.update(JSON.stringify(content));
    this.boundaries.push({ key: this.hash.copy().digest('hex'), tokens: this.tokens });
  }
}

/**
 * The prefixes one mock instance has cached. A request with breakpoints reads the longest cached
 * prefix at a breakpoint or up to {@link LOOKBACK_BLOCKS} blocks before one, and writes the rest up
 * to its last breakpoint; a prefix under {@link MIN_CACHEABLE_TOKENS} is neither read nor written.
 */
export class PromptCache {
  /** Prefix hash → the tokens written for it. */
  private readonly entries = new Map<string, number>();

  constructor(private readonly capacity = 1000) {}

  /** Tokens read and written for this request; undefined without a breakpoint. */
  use(boundaries: readonly PrefixBoundary[], inputTokens: number): CacheUse | undefined {
    const points = boundaries.flatMap((boundary, index) => (boundary.breakpoint ? [index] : []));
    if (points.length === 0) return undefined;
    const last = boundaries[points.at(-1)!];
    const ttl = last.breakpoint!;
    const total = Math.min(last.tokens, inputTokens);
    if (total < MIN_CACHEABLE_TOKENS) return { read: 0, write: 0, ttl };
    let read = 0;
    for (const point of points) {
      for (let i = point; i >= Math.max(0, point - LOOKBACK_BLOCKS); i--) {
        const cached = this.entries.get(boundaries[i].key);
        if (cached !== undefined) {
          read = Math.max(read, Math.min(cached, total));
          break;
        }
      }
    }
    for (const point of points) {
      const tokens = Math.min(boundaries[point].tokens, inputTokens);
      if (tokens >= MIN_CACHEABLE_TOKENS) this.remember(boundaries[point].key, tokens);
    }
    return { read, write: total - read, ttl };
  }

  private remember(key: string, tokens: number): void {
    if (this.entries.has(key)) return;
    if (this.entries.size >= this.capacity) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, tokens);
  }
}
