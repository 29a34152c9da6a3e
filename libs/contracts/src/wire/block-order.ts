import type { BlockOrder, OpenAiToolCall, ThinkingBlock } from './openai-chat.wire';

// Claude's content-block order with interleaved thinking (see `blockOrderSchema`): recorded from a
// Claude-shaped turn and replayed into one. Here rather than in libs/providers because the exact
// cache rebuilds and replays such turns too.

/** What one Claude content block is in the canonical message: a thinking block, a tool call, or text of that many characters. */
export type BlockSlot = BlockOrder[number];

/**
 * The `block_order` of a Claude turn that has thinking blocks: the blocks' kinds in Claude's order,
 * or undefined when that order is the canonical one (thinking, one text, tool calls), which is all a
 * turn without interleaved thinking ever has. `slotOf` names each block (null: not carried).
 * Called only for turns with thinking, so a turn without costs nothing.
 */
export function blockOrderOf<T>(blocks: readonly T[], slotOf: (block: T) => BlockSlot | null): BlockOrder | undefined {
  const order: BlockOrder = [];
  let phase = 0;
  let interleaved = false;
  for (const block of blocks) {
    const slot = slotOf(block);
    if (slot === null) continue;
    const next = slot === 'thinking' ? 0 : slot === 'tool_use' ? 2 : 1;
    // A block of an earlier kind, or a second text block, is what the separate fields cannot say.
    if (next < phase || (next === 1 && phase === 1)) interleaved = true;
    phase = next;
    order.push(slot);
  }
  return interleaved ? order : undefined;
}

export interface BlockBuilders<B> {
  thinking(block: ThinkingBlock): B;
  text(text: string): B;
  toolUse(call: OpenAiToolCall): B;
}

/**
 * A canonical assistant turn's blocks in its `block_order`, or null when the order does not fit
 * the turn's fields (another thinking or tool-call count): the caller then uses the canonical order.
 * Text blocks take their lengths of `text`; text that no longer has the recorded length (a
 * guardrail rewrote it) goes whole where the first text block was.
 */
export function inBlockOrder<B>(
  order: BlockOrder,
  thinking: readonly ThinkingBlock[],
  text: string,
  toolCalls: readonly OpenAiToolCall[],
  build: BlockBuilders<B>,
): B[] | null {
  let thinkingCount = 0;
  let toolCount = 0;
  let textLength = 0;
  let textSlots = 0;
  for (const slot of order) {
    if (slot === 'thinking') thinkingCount++;
    else if (slot === 'tool_use') toolCount++;
    else {
      textLength += slot;
      textSlots++;
    }
  }
  if (thinkingCount !== thinking.length || toolCount !== toolCalls.length || (text && !textSlots)) return null;
  const split = textLength === text.length;
  const out: B[] = [];
  let offset = 0;
  let t = 0;
  let c = 0;
  for (const slot of order) {
    if (slot === 'thinking') out.push(build.thinking(thinking[t++]));
    else if (slot === 'tool_use') out.push(build.toolUse(toolCalls[c++]));
    else if (split) {
      out.push(build.text(text.slice(offset, offset + slot)));
      offset += slot;
    } else if (offset === 0 && text) {
      out.push(build.text(text));
      offset = text.length;
    }
  }
  return out;
}
