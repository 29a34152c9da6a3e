import type { Dispatcher } from 'undici';
import { TranslationError, type ClassifiedError, type ProviderAdapter, type UpstreamRequest } from '@sluice/providers';
import { RoutedAttemptError } from '@sluice/routing';
import type { UpstreamCall } from '../tracing/upstream-call';
import type { UpstreamClient } from '../upstream/upstream-client';

/** Carries the classified upstream error through the router to the final client error. */
export class UpstreamAttemptError extends RoutedAttemptError {
  constructor(readonly classified: ClassifiedError, committed = false) {
    super(classified.kind, { retryAfterMs: classified.retryAfterMs, committed, message: classified.message });
  }
}

/** A request the provider cannot express: final for routing, and the client is told why. */
export function untranslatable(error: TranslationError): RoutedAttemptError {
  return new RoutedAttemptError('invalid_request', { cause: error, message: error.message });
}

export function translationErrorIn(error: unknown): TranslationError | null {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current; depth++) {
    if (current instanceof TranslationError) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}

function connectionFailure(error: unknown, signal: AbortSignal): RoutedAttemptError {
  if (signal.aborted) return new RoutedAttemptError('timeout', { cause: error });
  const code = (error as { code?: string }).code ?? '';
  const kind = code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' ? 'timeout' : 'connection';
  return new RoutedAttemptError(kind, { cause: error, message: `upstream ${kind} failure (${code || 'network'})` });
}

/** Sends one upstream request; network failures and error statuses become classified attempt errors. */
export async function sendUpstream(
  upstream: UpstreamClient,
  adapter: ProviderAdapter,
  request: UpstreamRequest,
  timeoutMs: number,
  signal: AbortSignal,
  call?: UpstreamCall,
): Promise<Dispatcher.ResponseData> {
  let response: Dispatcher.ResponseData;
  try {
    response = await upstream.send(request, timeoutMs, signal, call);
  } catch (error) {
    throw connectionFailure(error, signal);
  }
  if (response.statusCode >= 400) {
    const text = await response.body.text().catch(() => '');
    throw new UpstreamAttemptError(adapter.classifyError(response.statusCode, text, response.headers));
  }
  return response;
}

/** Reads a JSON body; a malformed one counts against the deployment. */
export async function readJson(response: Dispatcher.ResponseData): Promise<unknown> {
  const text = await response.body.text();
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new RoutedAttemptError('server', { cause: error, message: 'the provider answered with a malformed body' });
  }
}
