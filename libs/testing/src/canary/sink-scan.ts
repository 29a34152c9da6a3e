import type { Needle } from './canary-needles';

/** Text collected from one place secrets could end up (a table, a Redis key, a log, a file …). */
export interface SinkText {
  /** e.g. `postgres:api_keys`, `redis:<key>`, `log:gateway`, `otlp`, `http:POST /api/v1/providers 400`. */
  sink: string;
  text: string;
}

/** A needle found in a sink, with a little context around it. */
export interface SinkFinding {
  sink: string;
  secret: string;
  form: string;
  context: string;
}

/** An expected occurrence: this needle may appear in sinks matching `sink` (e.g. the key HMAC in `postgres:api_keys`). */
export interface AllowedOccurrence {
  sink: RegExp;
  secret: string | RegExp;
  /** Any form when absent. */
  form?: string;
}

/** Case-sensitive search of every needle in every sink, except the allowed occurrences. */
export function scanSinks(sinks: readonly SinkText[], needles: readonly Needle[], allowed: readonly AllowedOccurrence[] = []): SinkFinding[] {
  const findings: SinkFinding[] = [];
  for (const { sink, text } of sinks) {
    for (const needle of needles) {
      const at = text.indexOf(needle.value);
      if (at === -1) continue;
      if (allowed.some((a) => matches(a.secret, needle.secret) && (a.form === undefined || a.form === needle.form) && a.sink.test(sink))) continue;
      findings.push({ sink, secret: needle.secret, form: needle.form, context: text.slice(Math.max(0, at - 80), at + needle.value.length + 80) });
    }
  }
  return findings;
}

const matches = (pattern: string | RegExp, value: string) => (typeof pattern === 'string' ? pattern === value : pattern.test(value));

/** How many characters were searched, for the figure a suite prints. */
export function totalChars(sinks: readonly SinkText[]): number {
  return sinks.reduce((sum, s) => sum + s.text.length, 0);
}
