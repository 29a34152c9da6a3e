/**
 * Applies `map` to every string value inside a JSON document (tool-call arguments, JSON tool results)
 * so escapes such as `\n` cannot hide a match. Returns the input when nothing changed, and maps the raw
 * text when it is not a JSON object or array (e.g. arguments cut short by the model).
 */
export function mapJsonStrings(json: string, map: (text: string) => string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return map(json);
  }
  // A bare JSON scalar (`"…"`, `42`) is scanned as the raw text it is.
  if (parsed === null || typeof parsed !== 'object') return map(json);
  const next = mapValue(parsed, map);
  return next === parsed ? json : JSON.stringify(next);
}

function mapValue(value: unknown, map: (text: string) => string): unknown {
  if (typeof value === 'string') return map(value);
  if (typeof value === 'number') {
    // Card or phone numbers written as JSON numbers; a redacted one becomes a string.
    const text = String(value);
    const mapped = map(text);
    return mapped === text ? value : mapped;
  }
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    value.forEach((item, i) => {
      const next = mapValue(item, map);
      if (next !== item) (copy ??= value.slice())[i] = next;
    });
    return copy ?? value;
  }
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    let copy: Record<string, unknown> | undefined;
    for (const [key, item] of Object.entries(record)) {
      const next = mapValue(item, map);
      if (next !== item) (copy ??= { ...record })[key] = next;
    }
    return copy ?? value;
  }
  return value;
}

/** Calls `visit` with every string value inside a JSON document (or the raw text if it is not JSON). */
export function forEachJsonString(json: string, visit: (text: string) => void): void {
  mapJsonStrings(json, (text) => {
    visit(text);
    return text;
  });
}
