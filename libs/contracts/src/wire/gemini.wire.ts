import { z } from 'zod';

/** Google Generative Language API (`generateContent`, `streamGenerateContent`, `embedContent`). */

export const geminiPartSchema = z
  .object({
    text: z.string().optional(),
    thought: z.boolean().optional(),
    inlineData: z.object({ mimeType: z.string(), data: z.string() }).loose().optional(),
    fileData: z.object({ mimeType: z.string().optional(), fileUri: z.string() }).loose().optional(),
    functionCall: z.object({ id: z.string().optional(), name: z.string(), args: z.record(z.string(), z.unknown()).optional() }).loose().optional(),
    functionResponse: z
      .object({ id: z.string().optional(), name: z.string(), response: z.record(z.string(), z.unknown()) })
      .loose()
      .optional(),
  })
  .loose();
export type GeminiPart = z.output<typeof geminiPartSchema>;

export const geminiContentSchema = z.object({ role: z.enum(['user', 'model']).optional(), parts: z.array(geminiPartSchema) }).loose();
export type GeminiContent = z.output<typeof geminiContentSchema>;

export interface GeminiFunctionDeclaration {
  name: string;
  description?: string;
  parameters?: Record<string, unknown>;
}

export interface GeminiGenerateContentRequest {
  contents: GeminiContent[];
  systemInstruction?: { parts: GeminiPart[] };
  tools?: { functionDeclarations: GeminiFunctionDeclaration[] }[];
  toolConfig?: { functionCallingConfig: { mode: 'AUTO' | 'ANY' | 'NONE'; allowedFunctionNames?: string[] } };
  generationConfig?: {
    temperature?: number;
    topP?: number;
    maxOutputTokens?: number;
    stopSequences?: string[];
    candidateCount?: number;
    seed?: number;
    presencePenalty?: number;
    frequencyPenalty?: number;
    responseLogprobs?: boolean;
    logprobs?: number;
    responseMimeType?: string;
    responseSchema?: Record<string, unknown>;
    /** Gemini 2.5+: a thinking budget in tokens (0 turns thinking off where the model allows it) and thought summaries in the answer. */
    thinkingConfig?: { thinkingBudget?: number; includeThoughts?: boolean };
  };
}

export const geminiUsageMetadataSchema = z
  .object({
    promptTokenCount: z.number().int().optional(),
    candidatesTokenCount: z.number().int().optional(),
    totalTokenCount: z.number().int().optional(),
    cachedContentTokenCount: z.number().int().optional(),
    thoughtsTokenCount: z.number().int().optional(),
  })
  .loose();
export type GeminiUsageMetadata = z.output<typeof geminiUsageMetadataSchema>;

export const geminiGenerateContentResponseSchema = z
  .object({
    candidates: z
      .array(
        z
          .object({
            content: geminiContentSchema.optional(),
            finishReason: z.string().optional(),
            index: z.number().int().optional(),
          })
          .loose(),
      )
      .optional(),
    promptFeedback: z.object({ blockReason: z.string().optional() }).loose().optional(),
    usageMetadata: geminiUsageMetadataSchema.optional(),
    modelVersion: z.string().optional(),
    responseId: z.string().optional(),
  })
  .loose();
export type GeminiGenerateContentResponse = z.output<typeof geminiGenerateContentResponseSchema>;

export interface GeminiEmbedContentRequest {
  model: string;
  content: { parts: { text: string }[] };
  taskType?: string;
  outputDimensionality?: number;
}

export const geminiEmbedResponseSchema = z.union([
  z.object({ embedding: z.object({ values: z.array(z.number()) }).loose() }).loose(),
  z.object({ embeddings: z.array(z.object({ values: z.array(z.number()) }).loose()) }).loose(),
]);
export type GeminiEmbedResponse = z.output<typeof geminiEmbedResponseSchema>;
