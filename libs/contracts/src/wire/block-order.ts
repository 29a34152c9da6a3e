import type { AnthropicCitation } from './anthropic-messages.wire';
import type { BlockOrder, CitedRange, CitedTextStart, OpenAiToolCall, ThinkingBlock } from './openai-chat.wire';

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

// Claude's cited text blocks (see `citedRangeSchema`): a turn's `content` cut at the edges of its
// cited ranges. Here for the same reason as the block order: the exact cache replays them too.

/** One text block of a Claude turn: its text, and its citations when it has any. */
export interface CitedTextPiece {
  text: string;
  citations?: AnthropicCitation[];
}

/** The ranges when they fit a `content` of that length: each within it, in order, none overlapping; else null. */
export function usableCitedRanges(ranges: readonly CitedRange[] | null | undefined, length: number): readonly CitedRange[] | null {
  if (!ranges?.length) return null;
  let at = 0;
  for (const range of ranges) {
    if (range.start < at || range.end < range.start || range.end > length) return null;
    at = range.end;
  }
  return ranges;
}

/**
 * The text blocks of `text`, the part of a turn's `content` from `offset` on (all of it, or one text
 * slot of its `block_order`), cut at the edges of the cited ranges inside it: a range's piece has its
 * citations, the text around the ranges none. An empty range is where it starts (at the very end
 * only if `atEnd`: the text ends the content). `ranges` must be usable (see {@link usableCitedRanges}).
 */
export function citedTextPieces(text: string, offset: number, ranges: readonly CitedRange[], atEnd = false): CitedTextPiece[] {
  const end = offset + text.length;
  const pieces: CitedTextPiece[] = [];
  let at = offset;
  for (const range of ranges) {
    const here =
      range.start === range.end ? range.start >= offset && (range.start < end || (atEnd && range.start === end)) : range.start < end && range.end > offset;
    if (!here) continue;
    const start = Math.max(range.start, offset);
    const stop = Math.min(range.end, end);
    if (start > at) pieces.push({ text: text.slice(at - offset, start - offset) });
    pieces.push({ text: text.slice(start - offset, stop - offset), citations: range.citations });
    at = stop;
  }
  if (at < end || !pieces.length) pieces.push({ text: text.slice(at - offset) });
  return pieces;
}

/**
 * A whole `content` as Claude's text blocks: cut at its cited ranges, or, when the ranges no longer
 * fit it (a guardrail rewrote the text), one block with all the citations, so that none is lost.
 */
export function citedTextBlocks(content: string, ranges: readonly CitedRange[] | null | undefined): CitedTextPiece[] {
  if (!ranges?.length) return [{ text: content }];
  const usable = usableCitedRanges(ranges, content.length);
  if (usable) return citedTextPieces(content, 0, usable, true);
  return [{ text: content, citations: ranges.flatMap((range) => range.citations) }];
}

/**
 * The stream form of a turn's cited ranges (see `citedTextStartSchema`), each with the `content`
 * offset where it goes: a range's start with its citations, and where text without citations
 * follows it, that text's start with none.
 */
export function citedTextStarts(ranges: readonly CitedRange[], length: number): CitedTextStart[] {
  const starts: CitedTextStart[] = [];
  ranges.forEach((range, i) => {
    starts.push({ start: range.start, citations: range.citations });
    const next = ranges[i + 1];
    if (range.end < length && next?.start !== range.end) starts.push({ start: range.end, citations: [] });
  });
  return starts;
}
