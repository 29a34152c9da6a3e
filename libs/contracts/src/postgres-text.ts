// eslint-disable-next-line no-control-regex -- U+0000 is one of the characters this finds
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const UNSTORABLE_ONE = new RegExp(UNSTORABLE.source);

/**
 * Whether Postgres can store the text as it is: text and jsonb cannot hold U+0000, and jsonb refuses a
 * UTF-16 surrogate without its other half (a text cut in the middle of an emoji).
 */
export function isPostgresStorable(text: string): boolean {
  return !UNSTORABLE_ONE.test(text);
}

/** The text with every U+0000 and lone surrogate replaced by U+FFFD, as Postgres can store it. */
export function postgresStorable(text: string): string {
  return isPostgresStorable(text) ? text : text.replace(UNSTORABLE, '\uFFFD');
}
