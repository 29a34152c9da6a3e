import type { OpenAiChatRequest } from '@sluice/contracts';

/**
 * Providers without a native JSON-schema mode (Anthropic, Bedrock) are asked to call one forced
 * tool whose input schema is the requested schema; its input is returned as the message text.
 */
export const JSON_RESPONSE_TOOL = 'sluice_json_response';

export interface JsonResponseTool {
  name: string;
  description: string;
  schema: Record<string, unknown>;
}

export function jsonResponseToolFor(request: OpenAiChatRequest): JsonResponseTool | null {
  const format = request.response_format;
  if (format?.type !== 'json_schema') return null;
  return {
    name: JSON_RESPONSE_TOOL,
    description: `Respond with the final answer as JSON matching the '${format.json_schema.name}' schema.${
      format.json_schema.description ? ` ${format.json_schema.description}` : ''
    }`,
    schema: format.json_schema.schema ?? { type: 'object' },
  };
}

export const JSON_OBJECT_INSTRUCTION = 'Respond only with a single valid JSON object, with no text before or after it.';
