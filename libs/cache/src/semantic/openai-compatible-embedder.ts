import { z } from 'zod';
import { openAiEmbeddingsResponseSchema, SEMANTIC_CACHE_DIMENSIONS } from '@sluice/contracts';

/** Turns texts into unit-length vectors of a fixed size. */
export interface Embedder {
  readonly dimensions: number;
  embed(texts: readonly string[]): Promise<number[][]>;
}

const optionsSchema = z.object({
  /** An OpenAI-compatible base URL ending in `/v1` — normally the gateway's own. */
  baseUrl: z.string().url().regex(/^https?:\/\//),
  apiKey: z.string().min(1),
  model: z.string().min(1).max(200),
  dimensions: z.number().int().positive().default(SEMANTIC_CACHE_DIMENSIONS),
  timeoutMs: z.number().int().positive().default(30_000),
});
export type OpenAiCompatibleEmbedderOptions = z.input<typeof optionsSchema>;

/** A failed embeddings call. `retryable` is false for 4xx answers other than 408/429 and for malformed replies. */
export class EmbeddingError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'EmbeddingError';
  }
}

/** `POST <baseUrl>/embeddings` with `dimensions`, validating the reply (count, order, size, finiteness). */
export class OpenAiCompatibleEmbedder implements Embedder {
  private readonly options: z.output<typeof optionsSchema>;

  constructor(options: OpenAiCompatibleEmbedderOptions) {
    this.options = optionsSchema.parse(options);
  }

  get dimensions(): number {
    return this.options.dimensions;
  }

  async embed(texts: readonly string[]): Promise<number[][]> {
    if (texts.length === 0) return [];
    const { baseUrl, apiKey, model, dimensions, timeoutMs } = this.options;
    let response: Response;
    try {
      response = await fetch(`${baseUrl.replace(/\/+$/, '')}/embeddings`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}`, 'x-sluice-cache': 'bypass' },
        body: JSON.stringify({ model, input: texts, dimensions, encoding_format: 'float' }),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw new EmbeddingError(`embeddings request failed: ${(error as Error).message}`, null, true);
    }
    if (!response.ok) {
      const retryable = response.status >= 500 || response.status === 408 || response.status === 429;
      throw new EmbeddingError(`embeddings request failed with HTTP ${response.status}`, response.status, retryable);
    }
    const parsed = openAiEmbeddingsResponseSchema.safeParse(await response.json().catch(() => null));
    if (!parsed.success) throw new EmbeddingError('embeddings response is malformed', response.status, false);
    const data = [...parsed.data.data].sort((a, b) => a.index - b.index);
    if (data.length !== texts.length) {
      throw new EmbeddingError(`embeddings response has ${data.length} vectors for ${texts.length} inputs`, response.status, false);
    }
    return data.map(({ embedding }) => {
      const vector = typeof embedding === 'string' ? fromBase64Float32(embedding) : embedding;
      if (vector.length !== dimensions || vector.some((value) => !Number.isFinite(value))) {
        throw new EmbeddingError(`embedding has ${vector.length} dimensions, expected ${dimensions}`, response.status, false);
      }
      return vector;
    });
  }
}

function fromBase64Float32(text: string): number[] {
  const bytes = Buffer.from(text, 'base64');
  return Array.from({ length: Math.floor(bytes.length / 4) }, (_, i) => bytes.readFloatLE(i * 4));
}
