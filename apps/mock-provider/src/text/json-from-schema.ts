/** A JSON Schema as it arrives in a request: only the keywords the sampler reads are typed. */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  $ref?: string;
  $defs?: Record<string, JsonSchema>;
  definitions?: Record<string, JsonSchema>;
  format?: string;
  minItems?: number;
  minLength?: number;
  minimum?: number;
  exclusiveMinimum?: number;
  nullable?: boolean;
}

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

const MAX_DEPTH = 8;

/**
 * A deterministic value that satisfies the schema's types, enums, required properties and simple
 * bounds. Used for `response_format: json_schema` content and for tool-call arguments.
 * Accepts both JSON Schema (`type: "string"`) and Gemini's OpenAPI subset (`type: "STRING"`).
 */
export function sampleFromSchema(schema: unknown, name = 'value'): JsonValue {
  const root = isSchema(schema) ? schema : {};
  return sample(root, root, name, 0);
}

function sample(schema: JsonSchema, root: JsonSchema, name: string, depth: number): JsonValue {
  if (depth > MAX_DEPTH) return null;
  if (schema.$ref) return sample(resolveRef(schema.$ref, root), root, name, depth + 1);
  if (schema.const !== undefined) return schema.const as JsonValue;
  if (schema.enum && schema.enum.length > 0) return schema.enum[0] as JsonValue;
  if (schema.default !== undefined) return schema.default as JsonValue;
  const variant = schema.anyOf?.[0] ?? schema.oneOf?.[0];
  if (variant) return sample(variant, root, name, depth + 1);
  if (schema.allOf && schema.allOf.length > 0) {
    return sample(Object.assign({}, ...schema.allOf) as JsonSchema, root, name, depth + 1);
  }
  switch (primaryType(schema)) {
    case 'object':
      return sampleObject(schema, root, depth);
    case 'array': {
      const count = Math.max(1, schema.minItems ?? 1);
      return Array.from({ length: count }, () => sample(schema.items ?? {}, root, name, depth + 1));
    }
    case 'string':
      return sampleString(schema, name);
    case 'integer':
      return Math.ceil(Math.max(schema.minimum ?? 1, (schema.exclusiveMinimum ?? 0) + 1));
    case 'number':
      return Math.max(schema.minimum ?? 1, (schema.exclusiveMinimum ?? 0) + 1);
    case 'boolean':
      return true;
    case 'null':
      return null;
    default:
      return `mock ${name}`;
  }
}

function sampleObject(schema: JsonSchema, root: JsonSchema, depth: number): JsonValue {
  const result: { [key: string]: JsonValue } = {};
  const properties = schema.properties ?? {};
  const names = new Set([...Object.keys(properties), ...(schema.required ?? [])]);
  for (const key of names) result[key] = sample(properties[key] ?? {}, root, key, depth + 1);
  return result;
}

function sampleString(schema: JsonSchema, name: string): string {
  const byFormat: Record<string, string> = {
    'date-time': '2024-01-01T00:00:00Z',
    date: '2024-01-01',
    time: '00:00:00Z',
    email: 'mock@example.com',
    uuid: '00000000-0000-4000-8000-000000000000',
    uri: 'https://example.com/mock',
    url: 'https://example.com/mock',
  };
  const value = (schema.format && byFormat[schema.format]) || `mock ${name}`;
  return value.padEnd(schema.minLength ?? 0, 'x');
}

function primaryType(schema: JsonSchema): string | undefined {
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  const first = types.map((t) => t.toLowerCase()).find((t) => t !== 'null') ?? types[0]?.toLowerCase();
  if (first) return first;
  if (schema.properties) return 'object';
  if (schema.items) return 'array';
  return undefined;
}

function resolveRef(ref: string, root: JsonSchema): JsonSchema {
  const match = /^#\/(\$defs|definitions)\/(.+)$/.exec(ref);
  if (!match) return {};
  const table = match[1] === '$defs' ? root.$defs : root.definitions;
  const target = table?.[decodeURIComponent(match[2])];
  return target ?? {};
}

function isSchema(value: unknown): value is JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
