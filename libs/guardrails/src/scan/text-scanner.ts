import { Detector, GuardrailRule } from '../detectors/detector';

export type DetectionMode = 'redact' | 'block';

/** A detector as a policy uses it: redact its matches or block the text. */
export interface ActiveDetector extends Detector {
  mode: DetectionMode;
}

/** A region to replace; overlapping matches are merged into the earliest one. */
export interface Span {
  start: number;
  end: number;
  /** The detector the span is reported under: a block-mode one if any of the merged matches blocks. */
  detector: ActiveDetector;
}

/** Counts per rule and mode, filled by scans; read into the result's `actions`. */
export class DetectionTally {
  private readonly counts = new Map<string, { rule: GuardrailRule; mode: DetectionMode; count: number }>();

  add(rule: GuardrailRule, mode: DetectionMode): void {
    const key = `${rule}:${mode}`;
    const entry = this.counts.get(key);
    if (entry) entry.count++;
    else this.counts.set(key, { rule, mode, count: 1 });
  }

  get blocked(): boolean {
    for (const entry of this.counts.values()) if (entry.mode === 'block') return true;
    return false;
  }

  entries(): { rule: GuardrailRule; mode: DetectionMode; count: number }[] {
    return [...this.counts.values()];
  }
}

function mayContain(text: string, detector: Detector): boolean {
  if (!detector.anchors) return true;
  return detector.anchors.some((anchor) => text.includes(anchor));
}

/** All matches of all detectors in `text`, sorted and merged. Empty array when nothing matched. */
export function findSpans(text: string, detectors: readonly ActiveDetector[]): Span[] {
  const raw: Span[] = [];
  for (const detector of detectors) {
    if (!mayContain(text, detector)) continue;
    const pattern = detector.pattern;
    pattern.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = pattern.exec(text)) !== null) {
      if (m[0].length === 0) {
        pattern.lastIndex++;
        continue;
      }
      if (detector.validate && !detector.validate(m[0])) continue;
      raw.push({ start: m.index, end: m.index + m[0].length, detector });
    }
  }
  if (raw.length < 2) return raw;
  raw.sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: Span[] = [raw[0]];
  for (let i = 1; i < raw.length; i++) {
    const last = merged[merged.length - 1];
    const span = raw[i];
    if (span.start < last.end) {
      last.end = Math.max(last.end, span.end);
      if (span.detector.mode === 'block' && last.detector.mode !== 'block') last.detector = span.detector;
    } else {
      merged.push(span);
    }
  }
  return merged;
}

/** Replaces each span with its placeholder and counts it; `text` itself when there are none. */
export function applySpans(text: string, spans: readonly Span[], tally: DetectionTally): string {
  if (spans.length === 0) return text;
  let out = '';
  let pos = 0;
  for (const span of spans) {
    out += text.slice(pos, span.start) + span.detector.placeholder;
    pos = span.end;
    tally.add(span.detector.rule, span.detector.mode);
  }
  return out + text.slice(pos);
}

/** Scans and redacts one text. */
export function redactText(text: string, detectors: readonly ActiveDetector[], tally: DetectionTally): string {
  if (detectors.length === 0 || text.length === 0) return text;
  return applySpans(text, findSpans(text, detectors), tally);
}
