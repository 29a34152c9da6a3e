import { createHash } from 'node:crypto';

export const DEFAULT_EMBEDDING_DIMENSIONS = 1536;

const STOPWORDS = new Set(
  'a an and are as at be by can could do does for from how i in is it me my of on or please should the to was what which who why will with would you your'.split(
    ' ',
  ),
);
const WORD_WEIGHT = 1;
const TRIGRAM_WEIGHT = 0.5;

/**
 * A hashed bag-of-words plus character-trigram embedding ("feature hashing"), L2-normalised.
 * Same text → same vector; texts that share words or word stems → high cosine similarity,
 * which is what semantic-cache tests need from paraphrases.
 */
export function embedText(text: string, dimensions: number = DEFAULT_EMBEDDING_DIMENSIONS): number[] {
  const vector = new Float64Array(dimensions);
  const features = featuresOf(text);
  for (const [feature, weight] of features) {
    const digest = createHash('sha256').update(feature).digest();
    const index = digest.readUInt32LE(0) % dimensions;
    const sign = (digest[4] & 1) === 0 ? 1 : -1;
    vector[index] += sign * weight;
  }
  return normalise(vector);
}

function featuresOf(text: string): Array<[string, number]> {
  const words = text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0 && !STOPWORDS.has(word))
    .map(stem);
  if (words.length === 0) return [[`raw:${text}`, 1]];
  const features: Array<[string, number]> = [];
  for (const word of words) {
    features.push([`w:${word}`, WORD_WEIGHT]);
    const padded = `^${word}$`;
    for (let i = 0; i + 3 <= padded.length; i++) features.push([`t:${padded.slice(i, i + 3)}`, TRIGRAM_WEIGHT]);
  }
  return features;
}

/** A crude suffix stripper, enough for "cities"/"city", "baking"/"bake". */
function stem(word: string): string {
  for (const suffix of ['ies', 'ing', 'ed', 'es', 's']) {
    if (word.length > suffix.length + 2 && word.endsWith(suffix)) return word.slice(0, -suffix.length);
  }
  return word;
}

function normalise(vector: Float64Array): number[] {
  let norm = 0;
  for (const value of vector) norm += value * value;
  norm = Math.sqrt(norm);
  return Array.from(vector, (value) => (norm === 0 ? 0 : value / norm));
}

export function cosineSimilarity(a: readonly number[], b: readonly number[]): number {
  let dot = 0;
  for (let i = 0; i < Math.min(a.length, b.length); i++) dot += a[i] * b[i];
  return dot;
}

/** OpenAI's `encoding_format: base64`: the float32 little-endian bytes, base64-encoded. */
export function toBase64Float32(vector: readonly number[]): string {
  const buffer = Buffer.alloc(vector.length * 4);
  vector.forEach((value, i) => buffer.writeFloatLE(value, i * 4));
  return buffer.toString('base64');
}
