import type { BedrockContentBlock, BedrockConverseRequest, BedrockMessage, OpenAiChatMessage, OpenAiChatRequest, OpenAiUserContentPart } from '@sluice/contracts';
import { maxTokensOf, parseDataUri, parseToolArguments, rejectUnsupportedOptions, stopSequencesOf, textOf } from '../core/canonical';
import { TranslationError } from '../core/errors';
import { JSON_OBJECT_INSTRUCTION, jsonResponseToolFor } from '../core/json-response-tool';
import type { ProviderTarget } from '../core/provider-adapter';
import { providerLabel } from '../core/define-adapter';

const IMAGE_FORMATS = new Set(['png', 'jpeg', 'gif', 'webp']);

function userBlock(part: OpenAiUserContentPart, label: string): BedrockContentBlock {
  if (part.type === 'text') return { text: part.text };
  if (part.type === 'image_url') {
    const data = parseDataUri(part.image_url.url);
    if (!data) throw new TranslationError(`Provider ${label} cannot fetch image URLs; send the image as a data: URI.`, 'unsupported_content', 'messages');
    const format = data.mediaType.split('/')[1]?.replace('jpg', 'jpeg') ?? '';
    if (!IMAGE_FORMATS.has(format)) throw new TranslationError(`Provider ${label} cannot read ${data.mediaType} images.`, 'unsupported_content', 'messages');
    return { image: { format, source: { bytes: data.data } } };
  }
  throw new TranslationError(`Provider ${label} cannot take '${part.type}' content parts.`, 'unsupported_content', 'messages');
}

function toMessage(message: OpenAiChatMessage, label: string): BedrockMessage {
  switch (message.role) {
    case 'user':
      return { role: 'user', content: typeof message.content === 'string' ? [{ text: message.content }] : message.content.map((p) => userBlock(p, label)) };
    case 'assistant': {
      const text = Array.isArray(message.content) ? message.content.map((p) => (p.type === 'text' ? p.text : p.refusal)).join('') : (message.content ?? '');
      const content: BedrockContentBlock[] = text ? [{ text }] : [];
      for (const call of message.tool_calls ?? []) content.push({ toolUse: { toolUseId: call.id, name: call.function.name, input: parseToolArguments(call, label) } });
      return { role: 'assistant', content };
    }
    case 'tool':
      return {
        role: 'user',
        content: [{ toolResult: { toolUseId: message.tool_call_id, content: [{ text: textOf(message.content) }], ...(message.is_error ? { status: 'error' as const } : {}) } }],
      };
    default:
      throw new TranslationError(`Provider ${label} cannot take '${message.role}' messages here.`, 'unsupported_content', 'messages');
  }
}

function mergeTurns(messages: BedrockMessage[]): BedrockMessage[] {
  const out: BedrockMessage[] = [];
  for (const message of messages) {
    const last = out.at(-1);
    if (last && last.role === message.role) last.content = [...last.content, ...message.content];
    else out.push({ role: message.role, content: [...message.content] });
  }
  return out;
}

type ToolConfig = NonNullable<BedrockConverseRequest['toolConfig']>;

function toolConfigOf(request: OpenAiChatRequest, messages: BedrockMessage[], label: string): ToolConfig | undefined {
  const tools: ToolConfig['tools'] = (request.tools ?? []).map((tool) => ({
    toolSpec: {
      name: tool.function.name,
      ...(tool.function.description ? { description: tool.function.description } : {}),
      inputSchema: { json: tool.function.parameters ?? { type: 'object', properties: {} } },
    },
  }));
  const jsonTool = jsonResponseToolFor(request);
  if (jsonTool) tools.push({ toolSpec: { name: jsonTool.name, description: jsonTool.description, inputSchema: { json: jsonTool.schema } } });
  if (!tools.length) return undefined;
  const choice = request.tool_choice;
  if (choice === 'none') {
    // Converse has no "none": leave the tools out, which it accepts only without tool history.
    if (messages.some((m) => m.content.some((b) => b.toolUse || b.toolResult))) {
      throw new TranslationError(`Provider ${label} cannot take tool_choice 'none' in a conversation that already used tools.`, 'unsupported_parameter', 'tool_choice');
    }
    return undefined;
  }
  const config: ToolConfig = { tools };
  if (jsonTool && !request.tools?.length) config.toolChoice = { tool: { name: jsonTool.name } };
  else if (choice === 'required') config.toolChoice = { any: {} };
  else if (choice === 'auto') config.toolChoice = { auto: {} };
  else if (choice && typeof choice === 'object') config.toolChoice = { tool: { name: choice.function.name } };
  return config;
}

/** Canonical chat request → Bedrock Converse body. */
export function toConverseRequest(request: OpenAiChatRequest, target: ProviderTarget): BedrockConverseRequest {
  const label = providerLabel(target);
  rejectUnsupportedOptions(request, label, {});
  const system: { text: string }[] = [];
  const turns: BedrockMessage[] = [];
  for (const message of request.messages) {
    if (message.role === 'system' || message.role === 'developer') system.push({ text: textOf(message.content) });
    else turns.push(toMessage(message, label));
  }
  if (request.response_format?.type === 'json_object') system.push({ text: JSON_OBJECT_INSTRUCTION });
  const messages = mergeTurns(turns);
  const out: BedrockConverseRequest = { messages };
  if (system.length) out.system = system;
  const inference: NonNullable<BedrockConverseRequest['inferenceConfig']> = {};
  const max = maxTokensOf(request);
  if (max != null) inference.maxTokens = max;
  if (request.temperature != null) inference.temperature = Math.min(request.temperature, 1);
  if (request.top_p != null) inference.topP = request.top_p;
  const stop = stopSequencesOf(request);
  if (stop) inference.stopSequences = stop;
  if (Object.keys(inference).length) out.inferenceConfig = inference;
  const toolConfig = toolConfigOf(request, messages, label);
  if (toolConfig) out.toolConfig = toolConfig;
  return out;
}
