import { SetMetadata } from '@nestjs/common';
import type { z } from 'zod';

export const API_ROUTE = 'sluice:api-route';

/**
 * What a route accepts and answers, for the OpenAPI document. Schemas are the same zod schemas the
 * handler parses with, so the document cannot drift from the behaviour.
 */
export interface ApiRouteSpec {
  /** Groups routes in the document (e.g. "API keys"). */
  tag: string;
  summary: string;
  description?: string;
  /** Path parameters; defaults to a required string per `:name` in the path. */
  params?: z.ZodObject;
  /** Query string: a zod object whose fields become query parameters. */
  query?: z.ZodObject;
  body?: z.ZodType;
  /** The success answer. `schema` omitted means no body (e.g. 204). */
  response: { status: number; description: string; schema?: z.ZodType; contentType?: string };
  /**
   * Problem statuses this route can answer with besides the ones every route has
   * (400 when it takes input, 401/403 when it is not public, 500).
   */
  errors?: readonly number[];
}

/** Declares the route's contract; every admin API route must carry one (tested). */
export const ApiRoute = (spec: ApiRouteSpec): MethodDecorator => SetMetadata(API_ROUTE, spec);
