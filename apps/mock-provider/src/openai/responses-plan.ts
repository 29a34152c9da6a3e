import { z } from 'zod';
import { sampleFromSchema } from '../text/json-from-schema';
import { applyLimits, generateReply, type GeneratedReply } from '../text/reply';
import { estimatePromptTokens, estimateTokens } from '../text/tokens';
import { planToolCalls, type PlannedToolCall, type ToolMode } from '../text/tool-calls';

const inputItemSchema = z
  .object({ type: z.string().optional(), role: z.string().optional(), content: z.unknown().optional(), output: z.unknown().optional() })
  .loose();

export const responsesRequestSchema = z
  .object({
    model: z.string().min(1).max(200),
    input: z.union([z.string(), z.array(inputItemSchema)]),
    instructions: z.string().nullable().optional(),
    max_output_tokens: z.number().int().min(1).nullable().optional(),
    stream: z.boolean().nullable().optional(),
    tools: z
      .array(z.object({ type: z.string(), name: z.string().optional(), parameters: z.record(z.string(), z.unknown()).nullable().optional() }).loose())
      .optional(),
    tool_choice: z
      .union([z.enum(['none', 'auto', 'required']), z.object({ type: z.literal('function'), name: z.string() }).loose()])
      .optional(),
    parallel_tool_calls: z.boolean().nullable().optional(),
    text: z
      .object({
        format: z
          .object({ type: z.enum(['text', 'json_object', 'json_schema']), name: z.string().optional(), schema: z.unknown().optional() })
          .loose()
          .optional(),
      })
      .loose()
      .nullable()
      .optional(),
  })
  .loose();
export type ResponsesRequest = z.output<typeof responsesRequestSchema>;

export interface ResponsesPlan {
  text?: GeneratedReply;
  toolCalls: PlannedToolCall[];
  inputTokens: number;
  outputTokens: number;
}

function contentText(content: unknown): { text: string; images: number } {
  if (typeof content === 'string') return { text: content, images: 0 };
  if (!Array.isArray(content)) return { text: '', images: 0 };
  let images = 0;
  const texts: string[] = [];
  for (const part of content as Array<{ type?: string; text?: unknown }>) {
    if (typeof part.text === 'string') texts.push(part.text);
    else if (part.type === 'input_image') images++;
  }
  return { text: texts.join('\n'), images };
}

/** Decides the output of a Responses API request: a message, or function calls. */
export function planResponse(request: ResponsesRequest, outputTokens: number | undefined): ResponsesPlan {
  const items = typeof request.input === 'string' ? [{ role: 'user', content: request.input }] : request.input;
  const texts: string[] = request.instructions ? [request.instructions] : [];
  let images = 0;
  let prompt = '';
  let endsWithToolOutput = false;
  for (const item of items) {
    const isToolOutput = item.type === 'function_call_output';
    const { text, images: itemImages } = isToolOutput ? { text: String(item.output ?? ''), images: 0 } : contentText(item.content);
    texts.push(text);
    images += itemImages;
    if (item.role === 'user') prompt = text;
    if (isToolOutput) prompt = `tool result: ${text}`;
    endsWithToolOutput = isToolOutput;
  }
  if (request.tools) texts.push(JSON.stringify(request.tools));
  const inputTokens = estimatePromptTokens({ texts, images, messages: items.length });

  const functionTools = (request.tools ?? []).flatMap((tool) => (tool.type === 'function' && tool.name ? [{ name: tool.name, parameters: tool.parameters }] : []));
  const toolCalls = endsWithToolOutput ? [] : planToolCalls(functionTools, toolMode(request.tool_choice), request.parallel_tool_calls === true, prompt, 'call_');
  if (toolCalls.length > 0) {
    return { toolCalls, inputTokens, outputTokens: toolCalls.reduce((sum, call) => sum + estimateTokens(call.name + call.arguments), 0) };
  }
  const limits = { maxTokens: request.max_output_tokens ?? undefined };
  const format = request.text?.format;
  const text =
    format?.type === 'json_schema'
      ? applyLimits(JSON.stringify(sampleFromSchema(format.schema ?? {}, format.name)), limits)
      : format?.type === 'json_object'
        ? applyLimits(JSON.stringify({ reply: generateReply(prompt).text }), limits)
        : generateReply(prompt, { outputTokens, ...limits });
  return { text, toolCalls: [], inputTokens, outputTokens: estimateTokens(text.text) };
}

function toolMode(choice: ResponsesRequest['tool_choice']): ToolMode {
  if (choice === undefined || choice === 'auto') return { kind: 'auto' };
  if (choice === 'none') return { kind: 'none' };
  if (choice === 'required') return { kind: 'required' };
  return { kind: 'named', name: choice.name };
}
