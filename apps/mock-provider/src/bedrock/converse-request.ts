import { z } from 'zod';

const bytesSourceSchema = z.object({ bytes: z.string().min(1) }).loose();
const imageSchema = z.object({ format: z.enum(['png', 'jpeg', 'gif', 'webp']), source: bytesSourceSchema }).loose();
export const DOCUMENT_FORMATS = ['pdf', 'csv', 'doc', 'docx', 'xls', 'xlsx', 'html', 'txt', 'md'] as const;
const documentSchema = z.object({ format: z.enum(DOCUMENT_FORMATS), name: z.string().min(1).max(200), source: bytesSourceSchema }).loose();
const cachePointSchema = z.object({ type: z.literal('default'), ttl: z.enum(['5m', '1h']).optional() }).loose();

const toolResultContentSchema = z
  .object({ text: z.string().optional(), json: z.unknown().optional(), image: imageSchema.optional(), document: documentSchema.optional() })
  .loose();

const MEMBERS = ['text', 'image', 'document', 'toolUse', 'toolResult', 'reasoningContent', 'cachePoint', 'guardContent'] as const;

/** One Converse content block: a union keyed by which single member is set. */
const contentBlockSchema = z
  .object({
    text: z.string().optional(),
    image: imageSchema.optional(),
    document: documentSchema.optional(),
    toolUse: z.object({ toolUseId: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/), name: z.string().min(1), input: z.unknown() }).loose().optional(),
    toolResult: z
      .object({ toolUseId: z.string().min(1), content: z.array(toolResultContentSchema), status: z.enum(['success', 'error']).optional() })
      .loose()
      .optional(),
    reasoningContent: z
      .object({ reasoningText: z.object({ text: z.string(), signature: z.string().optional() }).loose().optional(), redactedContent: z.string().optional() })
      .loose()
      .optional(),
    cachePoint: cachePointSchema.optional(),
    guardContent: z.object({ text: z.object({ text: z.string() }).loose() }).loose().optional(),
  })
  .loose()
  .refine((block) => MEMBERS.filter((member) => block[member] !== undefined).length === 1, 'a content block must set exactly one member');
export type ConverseBlock = z.output<typeof contentBlockSchema>;

const toolSchema = z.union([
  z.object({ toolSpec: z.object({ name: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/), description: z.string().optional(), inputSchema: z.object({ json: z.record(z.string(), z.unknown()) }).loose() }).loose() }).loose(),
  z.object({ cachePoint: cachePointSchema }).loose(),
]);

/** The body of `POST /model/{modelId}/converse` and `/converse-stream`. */
export const converseRequestSchema = z
  .object({
    messages: z.array(z.object({ role: z.enum(['user', 'assistant']), content: z.array(contentBlockSchema).min(1) }).loose()).min(1),
    system: z.array(z.object({ text: z.string().optional(), cachePoint: cachePointSchema.optional(), guardContent: z.unknown().optional() }).loose()).optional(),
    inferenceConfig: z
      .object({
        maxTokens: z.number().int().min(1).optional(),
        temperature: z.number().min(0).max(1).optional(),
        topP: z.number().min(0).max(1).optional(),
        stopSequences: z.array(z.string().min(1)).max(4).optional(),
      })
      .loose()
      .optional(),
    toolConfig: z
      .object({
        tools: z.array(toolSchema).min(1),
        toolChoice: z.union([z.object({ auto: z.object({}).loose() }), z.object({ any: z.object({}).loose() }), z.object({ tool: z.object({ name: z.string().min(1) }) })]).optional(),
      })
      .loose()
      .optional(),
    additionalModelRequestFields: z.record(z.string(), z.unknown()).optional(),
  })
  .loose();
export type ConverseRequest = z.output<typeof converseRequestSchema>;

/** AWS's wording for a schema violation. */
export function validationMessage(error: z.ZodError): string {
  const issue = error.issues[0];
  const path = issue?.path.map(String).join('.') || 'body';
  return `1 validation error detected: Value at '${path}' failed to satisfy constraint: ${issue?.message ?? 'invalid'}`;
}

/** Converse's document name rule: letters, digits, single whitespace characters, hyphens, parentheses and square brackets. */
const DOCUMENT_NAME = /^(?!.*\s\s)[A-Za-z0-9\s\-()[\]]+$/;

function documentProblem(document: NonNullable<ConverseBlock['document']>, path: string): string | null {
  if (!DOCUMENT_NAME.test(document.name)) {
    return `${path}.name: The document file name can only contain alphanumeric characters, whitespace characters, hyphens, parentheses, and square brackets. The name can't contain more than one consecutive whitespace character.`;
  }
  const bytes = Buffer.from(document.source.bytes, 'base64');
  if (bytes.length === 0) return `${path}.source.bytes: The document is empty or not base64.`;
  if (document.format === 'pdf' && bytes.subarray(0, 5).toString('latin1') !== '%PDF-') return `${path}: The provided document is not a valid PDF.`;
  return null;
}

/** Converse's own rules over the conversation (null when it is well formed). */
export function conversationProblem(request: ConverseRequest): string | null {
  const { messages } = request;
  if (messages[0].role !== 'user') return 'A conversation must start with a user message. Try again with a conversation that starts with a user message.';
  let toolIds: string[] = [];
  for (const [index, message] of messages.entries()) {
    if (index > 0 && messages[index - 1].role === message.role) {
      return 'A conversation must alternate between user and assistant roles. Make sure the conversation alternates between user and assistant roles and try again.';
    }
    const usesTools = message.content.some((block) => block.toolUse || block.toolResult);
    if (usesTools && !request.toolConfig) return 'The toolConfig field must be defined when using toolUse and toolResult content blocks.';
    if (message.role === 'user') {
      const answered = message.content.flatMap((block) => (block.toolResult ? [block.toolResult.toolUseId] : []));
      const missing = toolIds.filter((id) => !answered.includes(id));
      const unknown = answered.filter((id) => !toolIds.includes(id));
      if (missing.length) return `Expected toolResult blocks at messages.${index}.content for the following Ids: ${missing.join(', ')}`;
      if (unknown.length) return `messages.${index}.content: toolResult blocks with toolUseId ${unknown.join(', ')} have no toolUse block in the previous turn.`;
    }
    toolIds = message.role === 'assistant' ? message.content.flatMap((block) => (block.toolUse ? [block.toolUse.toolUseId] : [])) : [];
    for (const [position, block] of message.content.entries()) {
      const documents = block.document ? [block.document] : (block.toolResult?.content ?? []).flatMap((part) => (part.document ? [part.document] : []));
      for (const document of documents) {
        const problem = documentProblem(document, `messages.${index}.content.${position}.document`);
        if (problem) return problem;
      }
    }
  }
  return null;
}
