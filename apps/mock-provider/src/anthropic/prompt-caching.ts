import { PromptPrefixes, type CacheTtl } from '../text/prompt-cache';
import type { MessagesRequest } from './messages-request';

/** Anthropic's limit on blocks carrying `cache_control` in one request. */
export const MAX_CACHE_BREAKPOINTS = 4;

type Block = Record<string, unknown> & { type?: unknown; cache_control?: unknown };
type Marker = { path: string; cacheControl: unknown };

function isBlock(value: unknown): value is Block {
  return typeof value === 'object' && value !== null;
}

function blocksOf(content: unknown): Block[] {
  return Array.isArray(content) ? content.filter(isBlock) : [];
}

/** Every `cache_control` in Claude's processing order (tools, system, messages), with its path for errors. */
function markersOf(request: MessagesRequest): Marker[] {
  const markers: Marker[] = [];
  const visit = (block: Block, path: string) => {
    if (block.type === 'tool_result') blocksOf(block.content).forEach((inner, i) => visit(inner, `${path}.content.${i}`));
    if (block.cache_control !== undefined) markers.push({ path, cacheControl: block.cache_control });
  };
  (request.tools ?? []).forEach((tool, i) => visit(tool as Block, `tools.${i}`));
  blocksOf(request.system).forEach((block, i) => visit(block, `system.${i}`));
  request.messages.forEach((message, m) => blocksOf(message.content).forEach((block, i) => visit(block, `messages.${m}.content.${i}`)));
  return markers;
}

function ttlOf(cacheControl: unknown): unknown {
  return isBlock(cacheControl) ? (cacheControl.ttl ?? '5m') : undefined;
}

/** Anthropic's 400s for cache markers: the type and TTL, at most four, and no 1-hour marker after a 5-minute one. */
export function cacheControlProblem(request: MessagesRequest): string | null {
  const markers = markersOf(request);
  for (const { path, cacheControl } of markers) {
    if (!isBlock(cacheControl) || cacheControl.type !== 'ephemeral') return `${path}.cache_control.type: Input should be 'ephemeral'`;
    const ttl = ttlOf(cacheControl);
    if (ttl !== '5m' && ttl !== '1h') return `${path}.cache_control.ttl: Input should be '5m' or '1h'`;
  }
  if (markers.length > MAX_CACHE_BREAKPOINTS) return `A maximum of ${MAX_CACHE_BREAKPOINTS} blocks with cache_control may be provided. Found ${markers.length}.`;
  const firstFiveMinutes = markers.findIndex((marker) => ttlOf(marker.cacheControl) === '5m');
  const lateHour = firstFiveMinutes < 0 ? undefined : markers.slice(firstFiveMinutes).find((marker) => ttlOf(marker.cacheControl) === '1h');
  if (lateHour) {
    return `${lateHour.path}: a ttl='1h' cache_control block must not come after a ttl='5m' cache_control block. Blocks are processed in the order tools, system, messages.`;
  }
  return null;
}

/** The request's blocks in Claude's cache order, with its `cache_control` markers as breakpoints (a marker inside a tool result marks the result). */
export function promptPrefixes(request: MessagesRequest): PromptPrefixes {
  const prefixes = new PromptPrefixes(request.model);
  const marked = (block: Block): CacheTtl | undefined => {
    const inner = block.type === 'tool_result' ? blocksOf(block.content).map((b) => b.cache_control).filter((c) => c !== undefined) : [];
    const control = block.cache_control ?? inner.at(-1);
    return control === undefined ? undefined : ttlOf(control) === '1h' ? '1h' : '5m';
  };
  const add = (block: Block) => {
    if (block.type === 'image' || (block.type === 'document' && !(isBlock(block.source) && block.source.type === 'text'))) prefixes.image(JSON.stringify(block.source ?? null));
    else prefixes.text(JSON.stringify(block, (key, value: unknown) => (key === 'cache_control' ? undefined : value)));
    const ttl = marked(block);
    if (ttl) prefixes.breakpoint(ttl);
  };
  for (const tool of request.tools ?? []) add(tool as Block);
  if (typeof request.system === 'string') prefixes.text(request.system);
  else blocksOf(request.system).forEach(add);
  for (const message of request.messages) {
    prefixes.message(message.role);
    if (typeof message.content === 'string') prefixes.text(message.content);
    else blocksOf(message.content).forEach(add);
  }
  return prefixes;
}
