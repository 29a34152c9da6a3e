import type { ClassifiedError } from './provider-adapter';

/** A request (or response) that cannot be expressed in the target format. Maps to HTTP 400. */
export class TranslationError extends Error {
  readonly status = 400;
  constructor(
    message: string,
    readonly code: string = 'unsupported_feature',
    readonly param: string | null = null,
  ) {
    super(message);
    this.name = 'TranslationError';
  }
}

/** An error the provider reported inside a stream that had already started. */
export class ProviderStreamError extends Error {
  constructor(readonly error: ClassifiedError) {
    super(error.message);
    this.name = 'ProviderStreamError';
  }
}

/** The provider answered 2xx with a body that is not in its documented format. */
export class ProviderResponseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProviderResponseError';
  }
}

/** The upstream stream ended without its terminal event (a dropped connection). */
export function streamInterrupted(providerLabel: string): ProviderStreamError {
  return new ProviderStreamError({ kind: 'server', status: 0, message: `Provider ${providerLabel} closed the stream before it finished` });
}
