import { createHash } from 'node:crypto';
import { sampleFromSchema } from './json-from-schema';

export interface ToolSpec {
  name: string;
  /** JSON Schema of the arguments. */
  parameters?: unknown;
}

export type ToolMode = { kind: 'none' } | { kind: 'auto' } | { kind: 'required' } | { kind: 'named'; name: string };

export interface PlannedToolCall {
  /** Deterministic per (prompt, tool, position), so repeated requests produce the same ids. */
  id: string;
  name: string;
  /** Arguments as a JSON object. */
  input: Record<string, unknown>;
  /** The same arguments serialised, as OpenAI and Anthropic stream them. */
  arguments: string;
}

/**
 * Which tools the mock "decides" to call: none when the mode is none or there are no tools;
 * the forced tool when one is named; else the first tool, or every tool when parallel calls are asked for.
 */
export function planToolCalls(tools: ToolSpec[], mode: ToolMode, parallel: boolean, prompt: string, idPrefix: string): PlannedToolCall[] {
  if (mode.kind === 'none' || tools.length === 0) return [];
  let chosen: ToolSpec[];
  if (mode.kind === 'named') chosen = [tools.find((tool) => tool.name === mode.name) ?? { name: mode.name }];
  else chosen = parallel ? tools : tools.slice(0, 1);
  return chosen.map((tool, index) => {
    const sampled = sampleFromSchema(tool.parameters ?? { type: 'object', properties: {} }, tool.name);
    const input = typeof sampled === 'object' && sampled !== null && !Array.isArray(sampled) ? sampled : {};
    const digest = createHash('sha256').update(`${prompt}\u0000${tool.name}\u0000${index}`).digest('hex');
    return { id: `${idPrefix}${digest.slice(0, 24)}`, name: tool.name, input, arguments: JSON.stringify(input) };
  });
}
