/** One prompt-injection signal: a name (reported), a weight (0–1) and a bounded test. */
export interface InjectionSignal {
  name: string;
  weight: number;
  test: (text: string) => boolean;
}

const W = '[\\s\\u00a0]{1,5}';
const re = (source: string, flags = 'i'): RegExp => new RegExp(source, flags);

const IGNORE_PREVIOUS = re(
  `\\b(?:ignore|disregard|forget|override|bypass|skip)${W}(?:(?:all|any|every|the|your|of|my)${W}){0,3}(?:previous|prior|above|earlier|preceding|former|original|initial)${W}(?:instructions?|prompts?|rules|directions|directives|guidelines|context|messages?|commands?)\\b`,
);
const DISREGARD_SYSTEM = re(
  `\\b(?:ignore|disregard|forget|override|bypass)${W}(?:(?:all|the|your|any)${W}){0,2}(?:system${W}(?:prompt|message|instructions?)|developer${W}(?:message|instructions?)|guardrails|safety${W}(?:rules|guidelines|filters?)|content${W}polic(?:y|ies))\\b`,
);
const REVEAL_SYSTEM = re(
  `\\b(?:reveal|show|print|repeat|output|display|leak|dump|tell${W}me|what${W}(?:is|are|were))${W}(?:me${W})?(?:(?:your|the)${W})(?:(?:full|entire|exact|original|hidden|secret|initial)${W}){0,2}(?:system${W}prompt|system${W}message|(?:hidden|initial|original|secret)${W}instructions|instructions${W}(?:above|you${W}were${W}given))\\b`,
);
const DAN = /\bDAN\b|\bD\.A\.N\.?(?!\w)/;
const JAILBREAK = re(`\\b(?:do${W}anything${W}now|developer${W}mode${W}(?:enabled|on|activated)|jailbr(?:oken|eak${W}mode)|evil${W}confidant)\\b`);
const PERSONA = re(
  `\\byou${W}are${W}(?:now|no${W}longer)${W}(?!connected|logged|ready|subscribed|signed|able)|\\bfrom${W}now${W}on,?${W}you${W}(?:are|will|must)\\b|\\bpretend${W}(?:to${W}be|you${W}are)${W}(?:an?${W})?(?:unrestricted|unfiltered|uncensored|evil|different)`,
);
const NO_RESTRICTIONS = re(
  `\\b(?:without|no|free${W}of|ignor(?:e|ing))${W}(?:any${W})?(?:ethical${W})?(?:restrictions|filters|limitations|censorship|content${W}polic(?:y|ies))\\b`,
);
/** rot13 of "ignore … previous/prior/above", "instructions" and "system prompt". */
const ROT13 = re(`\\b(?:vtaber|qvfertneq)${W}(?:(?:nyy|gur|lbhe)${W}){0,2}(?:cerivbhf|cevbe|nobir)\\b|\\bflfgrz${W}cebzcg\\b|\\bvafgehpgvbaf\\b`);
/** Unicode tag characters (U+E0000–E007F): invisible ASCII used for "ASCII smuggling". */
const TAGS = /[\u{E0000}-\u{E007F}]/u;
/** Zero-width spaces, bidi controls and invisible operators (not ZWJ/ZWNJ, which emoji and scripts need); a cluster is suspicious. */
const INVISIBLE = /[\u200B\u200E\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;
const BASE64_BLOB = /(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{40,4096}={0,2}/g;
const INSTRUCTION_WORDS = /\b(?:ignore|disregard|instructions?|system prompt|jailbreak|pretend|you are now)\b/i;

function countInvisible(text: string): number {
  INVISIBLE.lastIndex = 0;
  let n = 0;
  while (INVISIBLE.exec(text) !== null && n < 8) n++;
  return n;
}

/** Decodes up to a few base64 blobs and checks whether any is readable text carrying instructions. */
function hasEncodedInstructions(text: string): boolean {
  BASE64_BLOB.lastIndex = 0;
  let m: RegExpExecArray | null;
  for (let seen = 0; seen < 8 && (m = BASE64_BLOB.exec(text)) !== null; seen++) {
    const decoded = Buffer.from(m[0], 'base64').toString('latin1');
    const printable = decoded.replace(/[^\x20-\x7e\n\r\t]/g, '').length;
    if (printable / decoded.length > 0.95 && INSTRUCTION_WORDS.test(decoded)) return true;
  }
  return false;
}

/** The signals, strongest first. Weights combine as independent evidence (see `scoreInjection`). */
export const INJECTION_SIGNALS: readonly InjectionSignal[] = [
  { name: 'ignore_previous_instructions', weight: 0.6, test: (t) => IGNORE_PREVIOUS.test(t) },
  { name: 'disregard_system_prompt', weight: 0.6, test: (t) => DISREGARD_SYSTEM.test(t) },
  { name: 'invisible_tag_characters', weight: 0.6, test: (t) => TAGS.test(t) },
  { name: 'encoded_instructions', weight: 0.5, test: hasEncodedInstructions },
  { name: 'rot13_instructions', weight: 0.5, test: (t) => ROT13.test(t) },
  { name: 'reveal_system_prompt', weight: 0.45, test: (t) => REVEAL_SYSTEM.test(t) },
  { name: 'jailbreak_persona', weight: 0.45, test: (t) => DAN.test(t) || JAILBREAK.test(t) },
  { name: 'persona_override', weight: 0.3, test: (t) => PERSONA.test(t) },
  { name: 'no_restrictions', weight: 0.3, test: (t) => NO_RESTRICTIONS.test(t) },
  { name: 'invisible_characters', weight: 0.3, test: (t) => countInvisible(t) >= 3 },
];
