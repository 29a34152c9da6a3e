/** A JSON value as it is stored in jsonb and hashed: no undefined, no non-finite numbers. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/**
 * RFC 8785 (JSON Canonicalization Scheme) serialisation: object keys sorted by UTF-16 code units,
 * no whitespace, strings and numbers serialised as ECMAScript `JSON.stringify` does (which is what
 * RFC 8785 specifies). Throws on values JSON cannot represent instead of silently dropping them,
 * because a silently changed value would make a record unverifiable.
 */
export function canonicalJson(value: JsonValue): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: non-finite number ${value}`);
      return JSON.stringify(value);
    case 'string':
      return JSON.stringify(value);
    case 'object':
      if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
      return canonicalObject(value);
    default:
      throw new TypeError(`canonicalJson: unsupported ${typeof value}`);
  }
}

function canonicalObject(value: { [key: string]: JsonValue }): string {
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) throw new TypeError('canonicalJson: only plain objects are JSON');
  // Default sort compares UTF-16 code units, exactly the order RFC 8785 prescribes.
  const keys = Object.keys(value).sort();
  const members: string[] = [];
  for (const key of keys) {
    const member = value[key];
    if (member === undefined) throw new TypeError(`canonicalJson: undefined at key ${key}`);
    members.push(`${JSON.stringify(key)}:${canonicalJson(member)}`);
  }
  return `{${members.join(',')}}`;
}
