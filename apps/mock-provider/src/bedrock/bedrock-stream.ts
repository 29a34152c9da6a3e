import type { FastifyReply } from 'fastify';
import type { FaultPlan } from '../faults/fault-plan';
import { sleep } from '../http/abort';
import { startRawResponse } from '../http/sse';

/**
 * Writes binary event-stream frames as `writeStream` writes SSE: time to first frame, delay
 * between frames, and a connection dropped after K frames; stops when the client goes away.
 */
export async function writeFrames(reply: FastifyReply, frames: Iterable<Uint8Array>, plan: FaultPlan, signal: AbortSignal): Promise<void> {
  startRawResponse(reply, 'application/vnd.amazon.eventstream');
  const response = reply.raw;
  let sent = 0;
  for (const frame of frames) {
    if (!(await sleep(sent === 0 ? plan.ttftMs : plan.chunkDelayMs, signal))) return;
    if (plan.dropAfterChunks !== undefined && sent >= plan.dropAfterChunks) {
      if (response.socket) response.socket.destroySoon();
      else response.destroy();
      return;
    }
    response.write(frame);
    sent++;
  }
  if (!signal.aborted) response.end();
}
