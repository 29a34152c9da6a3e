import { GuardrailAction, tallyToActions } from '../guardrail-result';
import { ActiveDetector, applySpans, DetectionTally, findSpans } from '../scan/text-scanner';

/** Characters after a match that its lookahead may need to see. */
const LOOKAHEAD = 8;
/** Emitted text kept as left context for the detectors' lookbehinds. */
const CONTEXT = 32;

/**
 * Redacts a text stream chunk by chunk (one instance per choice's content or per tool call's
 * arguments). It holds back only the tail that could still be the start of a match: for anchored
 * detectors from the first anchor in reach, for the others their longest match. `flush()` at the end.
 */
export class StreamRedactor {
  private pending = '';
  private context = '';
  private readonly tally = new DetectionTally();

  constructor(private readonly detectors: readonly ActiveDetector[]) {}

  /** Adds a chunk; returns the text that is safe to send now (possibly empty). */
  push(chunk: string): string {
    if (this.detectors.length === 0) return chunk;
    this.pending += chunk;
    return this.drain(false);
  }

  /** Ends the stream; returns the rest. */
  flush(): string {
    if (this.detectors.length === 0) return '';
    return this.drain(true);
  }

  /** A block-mode rule matched: its text was replaced, and the gateway should end the stream. */
  get blocked(): boolean {
    return this.tally.blocked;
  }

  /** What was redacted or blocked so far, per rule. */
  actions(): GuardrailAction[] {
    return tallyToActions(this.tally);
  }

  private drain(final: boolean): string {
    const text = this.context + this.pending;
    const offset = this.context.length;
    const spans = findSpans(text, this.detectors).filter((s) => s.start >= offset);
    let cut = final ? text.length : this.holdFrom(text, offset);
    const ready = spans.filter((s) => s.start < cut);
    for (const span of ready) cut = Math.max(cut, span.end);
    if (cut <= offset) return '';
    const out = applySpans(text.slice(0, cut), ready, this.tally).slice(offset);
    this.context = text.slice(Math.max(0, cut - CONTEXT), cut);
    this.pending = text.slice(cut);
    return out;
  }

  /** First position of `text` (at or after `offset`) that may belong to a match not yet complete. */
  private holdFrom(text: string, offset: number): number {
    let hold = text.length;
    for (const d of this.detectors) {
      let from: number;
      if (d.anchors && d.maxBeforeAnchor !== undefined) {
        const windowStart = Math.max(offset, text.length - d.maxLength - LOOKAHEAD);
        // A complete anchor in reach, or else the tail that is the start of one.
        let anchorAt = text.length - partialAnchorLength(text, d.anchors);
        for (const anchor of d.anchors) {
          const at = text.indexOf(anchor, windowStart);
          if (at >= 0 && at < anchorAt) anchorAt = at;
        }
        from = anchorAt - d.maxBeforeAnchor;
      } else {
        from = text.length - d.maxLength - LOOKAHEAD;
      }
      if (from < hold) hold = from;
    }
    return Math.max(hold, offset);
  }
}

/** Length of the longest suffix of `text` that is a proper prefix of one of the anchors (0 if none). */
function partialAnchorLength(text: string, anchors: readonly string[]): number {
  let longest = 0;
  for (const anchor of anchors) {
    for (let k = Math.min(anchor.length - 1, text.length); k > longest; k--) {
      if (text.endsWith(anchor.slice(0, k))) {
        longest = k;
        break;
      }
    }
  }
  return longest;
}
