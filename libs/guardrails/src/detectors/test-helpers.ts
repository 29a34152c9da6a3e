import { ActiveDetector, findSpans } from '../scan/text-scanner';
import { Detector } from './detector';

/** The texts the detectors match in `text` (test helper). */
export function matchesOf(detectors: Detector | readonly Detector[], text: string): string[] {
  const list = (Array.isArray(detectors) ? detectors : [detectors]) as Detector[];
  const active: ActiveDetector[] = list.map((d) => ({ ...d, mode: 'redact' }));
  return findSpans(text, active).map((s) => text.slice(s.start, s.end));
}
