import {
  anthropicMessagesRequestSchema,
  completionsRequestSchema,
  openAiChatRequestSchema,
  responsesRequestSchema,
  type AnthropicMessagesRequest,
  type CompletionsRequest,
  type OpenAiChatRequest,
  type ResponsesRequest,
} from '@sluice/contracts';
import { anthropicToCanonicalRequest, completionsToCanonicalRequest, responsesEchoOf, responsesToCanonicalRequest } from '@sluice/providers';
import { AnthropicMessagesResponder } from '../formats/anthropic-messages.responder';
import { CompletionsResponder } from '../formats/completions.responder';
import { OpenAiChatResponder } from '../formats/openai-chat.responder';
import { ResponsesResponder } from '../formats/responses.responder';
import type { ChatFormat } from './chat-endpoint.service';
import { parseBody } from './parse-body';

export const openAiChatFormat: ChatFormat<OpenAiChatRequest> = {
  endpoint: 'chat.completions',
  parse: (body) => parseBody(openAiChatRequestSchema, body),
  toCanonical: (body) => body,
  responder: (reply, body) => new OpenAiChatResponder(reply, body.stream_options?.include_usage === true),
};

export const responsesFormat: ChatFormat<ResponsesRequest> = {
  endpoint: 'responses',
  parse: (body) => parseBody(responsesRequestSchema, body),
  toCanonical: (body) => responsesToCanonicalRequest(body),
  responder: (reply, body) => new ResponsesResponder(reply, body.model, responsesEchoOf(body)),
};

export const completionsFormat: ChatFormat<CompletionsRequest> = {
  endpoint: 'completions',
  parse: (body) => parseBody(completionsRequestSchema, body),
  toCanonical: (body) => completionsToCanonicalRequest(body),
  responder: (reply, body) => new CompletionsResponder(reply, body.stream_options?.include_usage === true),
};

export const anthropicMessagesFormat: ChatFormat<AnthropicMessagesRequest> = {
  endpoint: 'messages',
  parse: (body) => parseBody(anthropicMessagesRequestSchema, body),
  toCanonical: (body, betas) => anthropicToCanonicalRequest(body, betas),
  responder: (reply, body) => new AnthropicMessagesResponder(reply, body.model),
};
