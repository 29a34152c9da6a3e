import type { ResponsesRequest, ResponsesRequestEcho } from '@sluice/contracts';

/**
 * What a response object repeats of its request, as OpenAI's does (the SDK's `Response` type
 * requires most of it). `service_tier` is the tier that served the request: the upstream's answer
 * when it says (see {@link responsesServiceTierOf}), else `default`. `store` is always false.
 */
export function responsesEchoOf(request: ResponsesRequest): ResponsesRequestEcho {
  return {
    instructions: request.instructions ?? null,
    metadata: request.metadata ?? {},
    temperature: request.temperature ?? null,
    top_p: request.top_p ?? null,
    max_output_tokens: request.max_output_tokens ?? null,
    tool_choice: request.tool_choice ?? 'auto',
    tools: request.tools ?? [],
    parallel_tool_calls: request.parallel_tool_calls ?? true,
    text: { format: request.text?.format ?? { type: 'text' }, ...(request.text?.verbosity ? { verbosity: request.text.verbosity } : {}) },
    reasoning: { effort: request.reasoning?.effort ?? null, summary: request.reasoning?.summary ?? null },
    truncation: request.truncation ?? 'disabled',
    user: request.user ?? null,
    safety_identifier: request.safety_identifier ?? null,
    prompt_cache_key: request.prompt_cache_key ?? null,
    previous_response_id: null,
    background: false,
    store: false,
    service_tier: 'default',
  };
}

/** An echo for a response with no request at hand (a bare conversion): OpenAI's defaults. */
export const DEFAULT_RESPONSES_ECHO: ResponsesRequestEcho = responsesEchoOf({ model: '', input: '' });

/** The tier a canonical completion or chunk reports (OpenAI's `service_tier`), if any. */
export function responsesServiceTierOf(value: { service_tier?: string | null }): string | null {
  return value.service_tier || null;
}
