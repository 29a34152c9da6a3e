import { randomBytes } from 'node:crypto';
import { sampleFromSchema } from '../text/json-from-schema';
import { applyLimits, generateReply, splitIntoChunks, type GeneratedReply } from '../text/reply';
import { estimatePromptTokens, estimateTokens } from '../text/tokens';
import { planToolCalls, type PlannedToolCall, type ToolMode } from '../text/tool-calls';
import type { GeminiContent, GenerateContentRequest } from './gemini-request';

type Part = { text?: string; inlineData?: unknown; fileData?: unknown; functionCall?: unknown; functionResponse?: { response?: unknown } };

interface CandidatePlan {
  index: number;
  reply?: GeneratedReply;
  calls: PlannedToolCall[];
  /** A thought summary, sent first as a part marked `thought` (only with `includeThoughts`). */
  thought?: string;
}

export interface GeneratePlan {
  candidates: CandidatePlan[];
  promptTokens: number;
  /** The answer's tokens (`candidatesTokenCount`); thinking is counted apart. */
  outputTokens: number;
  /** `thoughtsTokenCount`: 0 when the model did not think. */
  thoughtTokens: number;
}

const THOUGHT_PREVIEW_CHARS = 60;

/**
 * The mock thinks when `thinkingConfig` asks it to (any budget but 0; real 2.5 models also think
 * by default, which the mock does not, so that other tests' token counts stay put): its thinking is
 * counted in `thoughtsTokenCount` (within a positive budget), and with `includeThoughts` its summary
 * comes back before the answer.
 */
function planThought(request: GenerateContentRequest, prompt: string): { thought: string; tokens: number } | null {
  const config = request.generationConfig?.thinkingConfig;
  if (!config || config.thinkingBudget === 0) return null;
  const thought = `Mock thought summary about: ${prompt.replace(/\s+/g, ' ').trim().slice(0, THOUGHT_PREVIEW_CHARS).trimEnd()}`;
  const tokens = estimateTokens(thought) * 4;
  return { thought, tokens: config.thinkingBudget && config.thinkingBudget > 0 ? Math.min(tokens, config.thinkingBudget) : tokens };
}

function partsText(content: GeminiContent): { text: string; images: number; functionResponse: boolean } {
  const texts: string[] = [];
  let images = 0;
  let functionResponse = false;
  for (const part of content.parts as Part[]) {
    if (typeof part.text === 'string') texts.push(part.text);
    else if (part.inlineData || part.fileData) images++;
    else if (part.functionCall) texts.push(JSON.stringify(part.functionCall));
    else if (part.functionResponse) {
      functionResponse = true;
      texts.push(JSON.stringify(part.functionResponse.response ?? {}));
    }
  }
  return { text: texts.join('\n'), images, functionResponse };
}

/** Decides the candidates of a generateContent request: text, JSON (responseSchema) or a functionCall. */
export function planGeneration(request: GenerateContentRequest, requestedOutputTokens: number | undefined): GeneratePlan {
  const texts: string[] = request.systemInstruction ? [partsText(request.systemInstruction).text] : [];
  let images = 0;
  let prompt = '';
  let endsWithFunctionResponse = false;
  for (const content of request.contents) {
    const summary = partsText(content);
    texts.push(summary.text);
    images += summary.images;
    if ((content.role ?? 'user') === 'user') prompt = summary.functionResponse ? `tool result: ${summary.text}` : summary.text;
    endsWithFunctionResponse = summary.functionResponse;
  }
  if (request.tools) texts.push(JSON.stringify(request.tools));
  const promptTokens = estimatePromptTokens({ texts, images, messages: request.contents.length });

  const config = request.generationConfig ?? {};
  const declarations = (request.tools ?? []).flatMap((tool) => tool.functionDeclarations ?? []);
  const calls = endsWithFunctionResponse
    ? []
    : planToolCalls(
        declarations.map((d) => ({ name: d.name, parameters: d.parametersJsonSchema ?? d.parameters })),
        toolMode(request),
        false,
        prompt,
        'fc_',
      );
  const limits = { maxTokens: config.maxOutputTokens, stop: config.stopSequences };
  const schema = config.responseJsonSchema ?? config.responseSchema;
  const thinking = planThought(request, prompt);
  const thought = thinking && config.thinkingConfig?.includeThoughts ? { thought: thinking.thought } : {};
  const candidates = Array.from({ length: config.candidateCount ?? 1 }, (_, index): CandidatePlan => {
    if (calls.length > 0) return { index, calls, ...thought };
    if (config.responseMimeType === 'application/json') {
      const json = schema ? sampleFromSchema(schema, 'value') : { reply: generateReply(prompt, { variant: index }).text };
      return { index, calls: [], reply: applyLimits(JSON.stringify(json), limits), ...thought };
    }
    return { index, calls: [], reply: generateReply(prompt, { outputTokens: requestedOutputTokens, variant: index, ...limits }), ...thought };
  });
  const outputTokens = candidates.reduce(
    (sum, c) => sum + estimateTokens(c.reply?.text ?? '') + c.calls.reduce((s, call) => s + estimateTokens(call.name + call.arguments), 0),
    0,
  );
  return { candidates, promptTokens, outputTokens, thoughtTokens: (thinking?.tokens ?? 0) * candidates.length };
}

function toolMode(request: GenerateContentRequest): ToolMode {
  const config = request.toolConfig?.functionCallingConfig;
  if (config?.mode === 'NONE') return { kind: 'none' };
  const allowed = config?.allowedFunctionNames;
  if (config?.mode === 'ANY' && allowed?.length) return { kind: 'named', name: allowed[0] };
  return config?.mode === 'ANY' ? { kind: 'required' } : { kind: 'auto' };
}

function usageMetadata(plan: GeneratePlan, final: boolean) {
  if (!final) return { promptTokenCount: plan.promptTokens, totalTokenCount: plan.promptTokens };
  return {
    promptTokenCount: plan.promptTokens,
    candidatesTokenCount: plan.outputTokens,
    // Gemini counts thinking apart from the answer, and in the total.
    ...(plan.thoughtTokens ? { thoughtsTokenCount: plan.thoughtTokens } : {}),
    totalTokenCount: plan.promptTokens + plan.outputTokens + plan.thoughtTokens,
  };
}

function finishReason(candidate: CandidatePlan): string {
  return candidate.reply?.finish === 'length' ? 'MAX_TOKENS' : 'STOP';
}

function answerParts(candidate: CandidatePlan): Array<Record<string, unknown>> {
  if (candidate.reply) return [{ text: candidate.reply.text }];
  return candidate.calls.map((call) => ({ functionCall: { id: call.id, name: call.name, args: call.input } }));
}

function thoughtParts(candidate: CandidatePlan): Array<Record<string, unknown>> {
  return candidate.thought ? [{ text: candidate.thought, thought: true }] : [];
}

function parts(candidate: CandidatePlan) {
  return [...thoughtParts(candidate), ...answerParts(candidate)];
}

export function responseId(): string {
  return randomBytes(12).toString('base64url');
}

/** A complete GenerateContentResponse. */
export function generateContentBody(model: string, id: string, plan: GeneratePlan) {
  return {
    candidates: plan.candidates.map((c) => ({ content: { parts: parts(c), role: 'model' }, finishReason: finishReason(c), index: c.index })),
    usageMetadata: usageMetadata(plan, true),
    modelVersion: model,
    responseId: id,
  };
}

/** The streamed GenerateContentResponse chunks (a thought summary first); the last carries finishReason and the full usageMetadata. */
export function* generateContentChunks(model: string, id: string, plan: GeneratePlan): Generator<Record<string, unknown>> {
  for (const candidate of plan.candidates) {
    const pieces = candidate.reply ? splitIntoChunks(candidate.reply.text) : [];
    const isLastCandidate = candidate === plan.candidates[plan.candidates.length - 1];
    const chunkParts: Array<Array<Record<string, unknown>>> = candidate.reply ? pieces.map((text) => [{ text }]) : [answerParts(candidate)];
    if (chunkParts.length === 0) chunkParts.push([{ text: '' }]);
    // Gemini streams the thought summary before the answer.
    if (candidate.thought) chunkParts.unshift(thoughtParts(candidate));
    for (const [i, chunk] of chunkParts.entries()) {
      const last = i === chunkParts.length - 1;
      yield {
        candidates: [{ content: { parts: chunk, role: 'model' }, index: candidate.index, ...(last && { finishReason: finishReason(candidate) }) }],
        usageMetadata: usageMetadata(plan, last && isLastCandidate),
        modelVersion: model,
        responseId: id,
      };
    }
  }
}
