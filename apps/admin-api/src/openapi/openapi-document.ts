import { z } from 'zod';
import { problemDetailsSchema } from '@sluice/contracts';
import { SESSION_COOKIE } from '../auth/auth.constants';
import type { DeclaredRoute } from './declared-routes';

type JsonSchema = Record<string, unknown>;
type OpenApiDocument = Record<string, unknown> & { paths: Record<string, Record<string, unknown>>; components: { schemas: Record<string, JsonSchema>; securitySchemes: Record<string, unknown> } };

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'The request does not match the expected shape (each field is listed in `errors`).',
  401: 'Not signed in, or the session expired.',
  403: 'Signed in, but the role does not allow this, the CSRF token is missing, or the origin is foreign.',
  404: 'No such object in the organization (objects of other organizations or teams look the same).',
  409: 'The object is not in a state that allows this change.',
  413: 'The request body is too large.',
  422: 'The request is well-formed but cannot be applied.',
  429: 'Too many attempts; retry later.',
  500: 'Unexpected server error (logged with the request id).',
  503: 'A dependency (Postgres, Redis) is unavailable.',
};

function jsonSchemaOf(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const json = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as JsonSchema;
  delete json.$schema;
  return json;
}

function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

function parametersOf(route: DeclaredRoute): unknown[] {
  const api = route.api;
  const parameters: unknown[] = [];
  const pathNames = [...route.path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1] as string);
  const paramShapes = api?.params ? (jsonSchemaOf(api.params, 'input').properties as Record<string, JsonSchema> | undefined) : undefined;
  for (const name of pathNames) {
    parameters.push({ name, in: 'path', required: true, schema: paramShapes?.[name] ?? { type: 'string' } });
  }
  if (api?.query) {
    const query = jsonSchemaOf(api.query, 'input');
    const required = new Set((query.required as string[] | undefined) ?? []);
    for (const [name, schema] of Object.entries((query.properties as Record<string, JsonSchema> | undefined) ?? {})) {
      const { description, ...rest } = schema;
      parameters.push({ name, in: 'query', required: required.has(name), schema: rest, ...(description ? { description } : {}) });
    }
  }
  return parameters;
}

function errorStatusesOf(route: DeclaredRoute): number[] {
  const api = route.api;
  const statuses = new Set<number>(api?.errors ?? []);
  if (api?.body || api?.query || api?.params || /:[A-Za-z]/.test(route.path)) statuses.add(400);
  if (!(route.access && 'public' in route.access)) {
    statuses.add(401);
    statuses.add(403);
  }
  statuses.add(500);
  return [...statuses].sort((a, b) => a - b);
}

function operationOf(route: DeclaredRoute): Record<string, unknown> {
  const api = route.api;
  if (!api) throw new Error(`${route.method} ${route.path} has no @ApiRoute contract`);
  const responses: Record<string, unknown> = {};
  responses[String(api.response.status)] = {
    description: api.response.description,
    ...(api.response.schema ? { content: { [api.response.contentType ?? 'application/json']: { schema: jsonSchemaOf(api.response.schema, 'output') } } } : {}),
  };
  for (const status of errorStatusesOf(route)) {
    responses[String(status)] = {
      description: ERROR_DESCRIPTIONS[status] ?? 'Error',
      content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
    };
  }
  const isPublic = route.access !== null && 'public' in route.access;
  const permission = route.access && 'permission' in route.access ? route.access.permission : null;
  const mutates = route.method !== 'GET' && route.method !== 'HEAD';
  return {
    operationId: `${route.method.toLowerCase()}${route.path.replace(/[:/{}-]+([a-zA-Z0-9])/g, (_m, c: string) => c.toUpperCase())}`,
    tags: [api.tag],
    summary: api.summary,
    description: [api.description, permission ? `Requires permission \`${permission}\`.` : isPublic ? 'Public.' : null].filter(Boolean).join('\n\n'),
    parameters: parametersOf(route),
    ...(api.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchemaOf(api.body, 'input') } } } } : {}),
    responses,
    security: isPublic ? [] : mutates ? [{ sessionCookie: [], csrfToken: [] }, { bearerToken: [] }] : [{ sessionCookie: [] }, { bearerToken: [] }],
  };
}

/** The OpenAPI 3.1 document for every declared route; throws when a route lacks its contract. */
export function buildOpenApiDocument(routes: readonly DeclaredRoute[], version: string): OpenApiDocument {
  const paths: OpenApiDocument['paths'] = {};
  for (const route of routes) {
    const path = openApiPath(route.path);
    paths[path] ??= {};
    paths[path][route.method.toLowerCase()] = operationOf(route);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Sluice admin API',
      version,
      description:
        'The control plane of Sluice. Errors are RFC 9457 problem+json with a stable `type` URN. ' +
        'Lists are cursor-paginated: pass `nextCursor` back as `cursor`. Mutations with a session cookie need the `x-csrf-token` header; ' +
        'members of several organizations name one with `x-sluice-org`.',
    },
    paths,
    components: {
      schemas: { Problem: jsonSchemaOf(problemDetailsSchema, 'output') },
      securitySchemes: {
        sessionCookie: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE, description: 'Set by sign-in (break-glass login or SSO).' },
        csrfToken: { type: 'apiKey', in: 'header', name: 'x-csrf-token', description: 'The session\'s CSRF token (from login or /auth/me); required on cookie-authenticated mutations.' },
        bearerToken: { type: 'http', scheme: 'bearer', description: 'A service-account token for automation.' },
      },
    },
  };
}
