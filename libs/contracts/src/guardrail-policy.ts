import { z } from 'zod';

/**
 * Per-team guardrail policy, applied by the gateway to the canonical chat request before the upstream
 * call and to the completion (or stream) after it. Every part defaults to off.
 */

export const guardrailPiiTypeSchema = z.enum(['email', 'phone', 'credit_card', 'iban', 'national_id', 'secret']);
export type GuardrailPiiType = z.output<typeof guardrailPiiTypeSchema>;
export const GUARDRAIL_PII_TYPES: readonly GuardrailPiiType[] = guardrailPiiTypeSchema.options;

/** Flags every blocked-term regex is compiled with (global, case-insensitive, unicode). */
export const BLOCKED_REGEX_FLAGS = 'giu';
/** Longest match a blocked-term regex may produce (UTF-16 code units); bounds stream buffering. */
export const BLOCKED_REGEX_MAX_MATCH = 2_000;
const MAX_REPEAT = 1_000;

export type BlockedRegexAnalysis = { ok: true; maxLength: number } | { ok: false; reason: string };

/**
 * Checks that a blocked-term regex compiles and runs in linear time: only bounded quantifiers
 * (`?`, `{n}`, `{n,m}` with m ≤ 1000; `*`, `+` and `{n,}` are refused), no backreferences, no repeated
 * group that itself contains a variable quantifier or an alternation (the shapes behind catastrophic
 * backtracking), and no empty match. Returns the longest possible match length.
 */
export function analyzeBlockedRegex(source: string): BlockedRegexAnalysis {
  let compiled: RegExp;
  try {
    compiled = new RegExp(source, BLOCKED_REGEX_FLAGS);
  } catch (err) {
    return { ok: false, reason: `invalid regex: ${err instanceof Error ? err.message : String(err)}` };
  }
  try {
    const maxLength = new RegexShape(source).parse();
    if (compiled.exec('') !== null) return { ok: false, reason: 'regex matches the empty string' };
    if (maxLength > BLOCKED_REGEX_MAX_MATCH) return { ok: false, reason: `regex can match more than ${BLOCKED_REGEX_MAX_MATCH} characters` };
    return { ok: true, maxLength };
  } catch (err) {
    return { ok: false, reason: err instanceof Error ? err.message : String(err) };
  }
}

interface Seq {
  maxLength: number;
  variable: boolean;
  alternation: boolean;
  /** Rough bound on the backtracking steps one match attempt can take. */
  cost: number;
}

/** Backtracking steps a single match attempt may take (product of quantifier ranges along a sequence). */
const MAX_COST = 10_000;

/** A tiny recursive-descent reader of a (valid) JS regex: only what the safety rules above need. */
class RegexShape {
  private i = 0;
  constructor(private readonly src: string) {}

  parse(): number {
    const seq = this.alternatives();
    if (this.i < this.src.length) throw new Error('unbalanced parenthesis');
    if (seq.cost > MAX_COST) throw new Error('too many ways to match: combine fewer or narrower variable quantifiers');
    return seq.maxLength;
  }

  private alternatives(): Seq {
    const first = this.sequence();
    let { maxLength, variable, cost } = first;
    let alternation = first.alternation;
    while (this.src[this.i] === '|') {
      this.i++;
      const next = this.sequence();
      maxLength = Math.max(maxLength, next.maxLength);
      cost += next.cost;
      variable = true;
      alternation = true;
    }
    return { maxLength, variable, alternation, cost };
  }

  private sequence(): Seq {
    const out: Seq = { maxLength: 0, variable: false, alternation: false, cost: 1 };
    while (this.i < this.src.length && this.src[this.i] !== '|' && this.src[this.i] !== ')') {
      const atom = this.atom();
      const q = this.quantifier();
      if (q.max > 1 && (atom.variable || atom.alternation)) {
        throw new Error('nested quantifier: a repeated group contains a quantifier or alternation');
      }
      out.maxLength += atom.maxLength * q.max;
      out.variable ||= atom.variable || q.min !== q.max;
      out.alternation ||= atom.alternation;
      out.cost = Math.min(out.cost * atom.cost * (q.max - q.min + 1), Number.MAX_SAFE_INTEGER);
    }
    return out;
  }

  private atom(): Seq {
    const c = this.src[this.i];
    const fixed = (len: number): Seq => ({ maxLength: len, variable: false, alternation: false, cost: 1 });
    if (c === '(') {
      this.i++;
      let lookaround = false;
      if (this.src[this.i] === '?') {
        const rest = this.src.slice(this.i, this.i + 4);
        if (/^\?<[=!]/.test(rest) || /^\?[=!]/.test(rest)) lookaround = true;
        if (rest.startsWith('?<') && !lookaround) {
          this.i = this.src.indexOf('>', this.i) + 1;
        } else {
          this.i += rest.startsWith('?<') ? 3 : 2;
        }
      }
      const inner = this.alternatives();
      if (this.src[this.i] !== ')') throw new Error('unbalanced parenthesis');
      this.i++;
      return lookaround ? { ...inner, maxLength: 0 } : inner;
    }
    if (c === '[') {
      this.i++;
      while (this.i < this.src.length && this.src[this.i] !== ']') this.i += this.src[this.i] === '\\' ? 2 : 1;
      this.i++;
      return fixed(2);
    }
    if (c === '\\') return this.escape();
    if (c === '^' || c === '$') {
      this.i++;
      return fixed(0);
    }
    if (c === '*' || c === '+' || c === '?' || c === '{') throw new Error('quantifier without a target');
    this.i++;
    // A surrogate pair is one atom.
    if (c.charCodeAt(0) >= 0xd800 && c.charCodeAt(0) <= 0xdbff) this.i++;
    return fixed(2);
  }

  private escape(): Seq {
    const next = this.src[this.i + 1];
    if (/[1-9]/.test(next) || next === 'k') throw new Error('backreferences are not allowed');
    this.i += 2;
    if ((next === 'p' || next === 'P' || next === 'u') && this.src[this.i] === '{') this.i = this.src.indexOf('}', this.i) + 1;
    else if (next === 'u') this.i += 4;
    else if (next === 'x') this.i += 2;
    else if (next === 'c') this.i += 1;
    const zeroWidth = next === 'b' || next === 'B';
    return { maxLength: zeroWidth ? 0 : 2, variable: false, alternation: false, cost: 1 };
  }

  private quantifier(): { min: number; max: number } {
    const c = this.src[this.i];
    let q = { min: 1, max: 1 };
    if (c === '*' || c === '+') throw new Error(`unbounded quantifier '${c}': use a bounded one such as {1,${MAX_REPEAT}}`);
    if (c === '?') {
      this.i++;
      q = { min: 0, max: 1 };
    } else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.i));
      if (!m) return q; // a literal '{' (only valid without the u flag, so unreachable after compiling)
      this.i += m[0].length;
      if (m[2] !== undefined && m[3] === '') throw new Error(`unbounded quantifier '${m[0]}': give an upper bound`);
      const min = Number(m[1]);
      const max = m[3] ? Number(m[3]) : min;
      if (max > MAX_REPEAT) throw new Error(`quantifier '${m[0]}' above ${MAX_REPEAT}`);
      q = { min, max };
    } else {
      return q;
    }
    if (this.src[this.i] === '?') this.i++; // lazy
    return q;
  }
}

const blockedRegexSchema = z
  .string()
  .min(1)
  .max(500)
  .superRefine((source, ctx) => {
    const analysis = analyzeBlockedRegex(source);
    if (!analysis.ok) ctx.addIssue({ code: 'custom', message: analysis.reason });
  });

export const guardrailPiiPolicySchema = z.object({
  action: z.enum(['off', 'redact', 'block']).default('off'),
  types: z.array(guardrailPiiTypeSchema).min(1).default([...GUARDRAIL_PII_TYPES]),
});

export const guardrailBlockedTermsPolicySchema = z.object({
  /** Literal words or phrases, matched case-insensitively on word boundaries. */
  terms: z.array(z.string().trim().min(1).max(200)).max(1_000).default([]),
  /** Regular expressions (see `analyzeBlockedRegex` for what is accepted). */
  regexes: z.array(blockedRegexSchema).max(100).default([]),
  action: z.enum(['block', 'redact']).default('block'),
});

export const guardrailInjectionPolicySchema = z.object({
  action: z.enum(['off', 'flag', 'block']).default('off'),
  /** Score (0–1) at or above which `block` rejects the request. */
  threshold: z.number().min(0).max(1).default(0.5),
});

export const guardrailPolicySchema = z.object({
  pii: guardrailPiiPolicySchema.prefault({}),
  blockedTerms: guardrailBlockedTermsPolicySchema.prefault({}),
  /** Characters of text across all messages above which the request is blocked. */
  maxPromptChars: z.number().int().positive().optional(),
  injection: guardrailInjectionPolicySchema.prefault({}),
  /** Where the policy runs; injection and maxPromptChars only ever apply to the request. */
  applyTo: z.object({ request: z.boolean().default(true), response: z.boolean().default(false) }).prefault({}),
});
export type GuardrailPolicy = z.output<typeof guardrailPolicySchema>;
export type GuardrailPolicyInput = z.input<typeof guardrailPolicySchema>;
