export * from './core/provider-adapter';
export { TranslationError, ProviderStreamError, ProviderResponseError, streamInterrupted } from './core/errors';
export { parseRetryAfter, safeMessage } from './core/error-classification';
export { effectiveSupports } from './core/supports';
export { JSON_RESPONSE_TOOL } from './core/json-response-tool';
export * from './registry';
export * from './sse';
