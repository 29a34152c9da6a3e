import type { OpenAiAssistantMessage } from '@sluice/contracts';

/**
 * An Anthropic client's `cache_control` markers on an assistant turn's text blocks ride on the
 * canonical message as text parts (one per block, a marked part carrying the marker); this finds,
 * for the blocks an upstream is given, which text block each marker belongs after: the block that
 * ends where the marked part ends (the same block when the turn's blocks are rebuilt from the same
 * text), else the block holding that offset.
 * `textOf`: a block's text, or undefined for other blocks. Returns block index → marker.
 */
export function textMarkerPositions<B>(content: OpenAiAssistantMessage['content'], blocks: readonly B[], textOf: (block: B) => string | undefined): Map<number, unknown> {
  const positions = new Map<number, unknown>();
  if (!Array.isArray(content)) return positions;
  const markedEnds: Array<[number, unknown]> = [];
  let offset = 0;
  for (const part of content) {
    offset += part.type === 'text' ? part.text.length : part.refusal.length;
    if (part.cache_control !== undefined) markedEnds.push([offset, part.cache_control]);
  }
  if (markedEnds.length === 0) return positions;
  const spans: Array<[index: number, start: number, end: number]> = [];
  let at = 0;
  blocks.forEach((block, index) => {
    const text = textOf(block);
    if (text === undefined) return;
    spans.push([index, at, at + text.length]);
    at += text.length;
  });
  for (const [end, marker] of markedEnds) {
    const span = spans.find(([, , spanEnd]) => spanEnd === end) ?? spans.find(([, start, spanEnd]) => start < end && end <= spanEnd) ?? spans.at(-1);
    if (span) positions.set(span[0], marker);
  }
  return positions;
}

/** The text parts of an assistant turn when one of them is marked (each kept apart, as the client's blocks were); else undefined. */
export function markedTextParts(content: OpenAiAssistantMessage['content']): Array<{ text: string; cache_control?: unknown }> | undefined {
  if (!Array.isArray(content) || !content.some((part) => part.cache_control !== undefined)) return undefined;
  return content.map((part) => ({ text: part.type === 'text' ? part.text : part.refusal, ...(part.cache_control !== undefined ? { cache_control: part.cache_control } : {}) }));
}
