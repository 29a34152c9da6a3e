import type { FastifyReply } from 'fastify';
import type { FaultPlan } from '../faults/fault-plan';
import { sleep } from './abort';

/** One server-sent event: `event:` line when named, one `data:` line. */
export interface SseEvent {
  event?: string;
  data: string;
}

export function sseEvent(data: unknown, event?: string): SseEvent {
  return { event, data: typeof data === 'string' ? data : JSON.stringify(data) };
}

export function formatSse({ event, data }: SseEvent): string {
  return `${event ? `event: ${event}\n` : ''}data: ${data}\n\n`;
}

/** Starts a raw response outside Fastify's serializer, keeping the headers already set on the reply. */
export function startRawResponse(reply: FastifyReply, contentType: string): void {
  reply.hijack();
  const headers = Object.entries(reply.getHeaders()).filter(([, value]) => value !== undefined);
  reply.raw.writeHead(200, {
    ...(Object.fromEntries(headers) as Record<string, string | number | string[]>),
    'content-type': contentType,
    'cache-control': 'no-cache',
    connection: 'keep-alive',
  });
  reply.raw.flushHeaders();
}

/**
 * Writes events one by one as the generator yields them, applying the plan's time-to-first-token,
 * inter-chunk delay and mid-stream drop. Stops as soon as the client disconnects.
 */
export async function writeStream(
  reply: FastifyReply,
  chunks: Iterable<string>,
  plan: FaultPlan,
  signal: AbortSignal,
): Promise<void> {
  const response = reply.raw;
  let sent = 0;
  for (const chunk of chunks) {
    const wait = sent === 0 ? plan.ttftMs : plan.chunkDelayMs;
    if (!(await sleep(wait, signal))) return;
    if (plan.dropAfterChunks !== undefined && sent >= plan.dropAfterChunks) {
      // Close without the terminating chunk, once what was written has been flushed:
      // the client receives K events and then a broken stream, not a clean end.
      if (response.socket) response.socket.destroySoon();
      else response.destroy();
      return;
    }
    response.write(chunk);
    sent++;
  }
  if (!signal.aborted) response.end();
}

export async function writeSse(reply: FastifyReply, events: Iterable<SseEvent>, plan: FaultPlan, signal: AbortSignal): Promise<void> {
  startRawResponse(reply, 'text/event-stream; charset=utf-8');
  await writeStream(reply, mapIterable(events, formatSse), plan, signal);
}

function* mapIterable<T, U>(items: Iterable<T>, map: (item: T) => U): Iterable<U> {
  for (const item of items) yield map(item);
}
