/** A function returning the OpenAPI document (built once, on first use). */
export const OPENAPI_DOCUMENT = Symbol('OPENAPI_DOCUMENT');
