import { z } from 'zod';

/** What the portal's playground session route answers: the team the calls are billed to and the models the session key may call. */
export const playgroundSessionSchema = z.object({
  teamId: z.string(),
  teamName: z.string(),
  expiresAt: z.string(),
  models: z.array(z.string()),
});
export type PlaygroundSession = z.output<typeof playgroundSessionSchema>;

export const PLAYGROUND_LIMITS = {
  systemPromptChars: 20_000,
  messageChars: 100_000,
  messages: 200,
  maxTokens: 32_768,
} as const;

/** The chat the browser asks the portal to send through the gateway (validated again on the portal server). */
export const playgroundChatRequestSchema = z.strictObject({
  teamId: z.uuid().optional(),
  model: z.string().trim().min(1).max(200),
  messages: z
    .array(z.strictObject({ role: z.enum(['system', 'user', 'assistant']), content: z.string().max(PLAYGROUND_LIMITS.messageChars) }))
    .min(1)
    .max(PLAYGROUND_LIMITS.messages),
  temperature: z.number().min(0).max(2),
  max_tokens: z.number().int().min(1).max(PLAYGROUND_LIMITS.maxTokens),
});
export type PlaygroundChatRequest = z.output<typeof playgroundChatRequestSchema>;

export const playgroundSessionRequestSchema = z.strictObject({ teamId: z.uuid().optional() });
