import { z } from 'zod';

const partSchema = z.object({ text: z.string().optional() }).loose();
const contentSchema = z.object({ role: z.string().optional(), parts: z.array(partSchema).min(1) }).loose();

const functionDeclarationSchema = z
  .object({ name: z.string().min(1), parameters: z.unknown().optional(), parametersJsonSchema: z.unknown().optional() })
  .loose();

export const generateContentRequestSchema = z
  .object({
    contents: z.array(contentSchema).min(1),
    systemInstruction: contentSchema.optional(),
    tools: z.array(z.object({ functionDeclarations: z.array(functionDeclarationSchema).optional() }).loose()).optional(),
    toolConfig: z
      .object({
        functionCallingConfig: z
          .object({ mode: z.enum(['AUTO', 'ANY', 'NONE', 'VALIDATED', 'MODE_UNSPECIFIED']).optional(), allowedFunctionNames: z.array(z.string()).optional() })
          .loose()
          .optional(),
      })
      .loose()
      .optional(),
    generationConfig: z
      .object({
        maxOutputTokens: z.number().int().min(1).optional(),
        stopSequences: z.array(z.string()).max(5).optional(),
        candidateCount: z.number().int().min(1).max(8).optional(),
        responseMimeType: z.string().optional(),
        responseSchema: z.unknown().optional(),
        responseJsonSchema: z.unknown().optional(),
        /** Gemini 2.5+: the thinking budget in tokens (0 off, -1 dynamic) and whether thought summaries come back. */
        thinkingConfig: z.object({ thinkingBudget: z.number().int().min(-1).optional(), includeThoughts: z.boolean().optional() }).loose().optional(),
      })
      .loose()
      .optional(),
  })
  .loose();
export type GenerateContentRequest = z.output<typeof generateContentRequestSchema>;
export type GeminiContent = z.output<typeof contentSchema>;

export const embedContentRequestSchema = z
  .object({
    content: contentSchema,
    taskType: z.string().optional(),
    outputDimensionality: z.number().int().min(1).max(8192).optional(),
  })
  .loose();
export type EmbedContentRequest = z.output<typeof embedContentRequestSchema>;

export const batchEmbedContentsRequestSchema = z.object({ requests: z.array(embedContentRequestSchema).min(1).max(250) }).loose();
