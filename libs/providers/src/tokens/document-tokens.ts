/**
 * Anthropic: a PDF page typically costs 1,500–3,000 tokens (its text plus the page as an image). The
 * upper end is used, as an estimate reserves before the call and the real usage settles it.
 */
export const PDF_PAGE_TOKEN_ESTIMATE = 3000;
/** Bytes per page assumed when a PDF's page objects cannot be read (compressed object streams). */
const BYTES_PER_PAGE_FALLBACK = 100_000;
/** `/Type /Page` but not `/Type /Pages` (the page tree). */
const PAGE_OBJECT = /\/Type\s*\/Page(?![A-Za-z])/g;

/** Pages of a PDF given as base64: its page objects, or its size when they are compressed. */
export function pdfPageCount(base64: string): number {
  const bytes = Buffer.from(base64, 'base64');
  const pages = bytes.toString('latin1').match(PAGE_OBJECT)?.length ?? 0;
  return pages > 0 ? pages : Math.max(1, Math.ceil(bytes.length / BYTES_PER_PAGE_FALLBACK));
}

export interface DocumentLike {
  source?: { type?: string; media_type?: string; data?: unknown; content?: unknown };
  title?: string | null;
  context?: string | null;
}

/**
 * Tokens of an Anthropic `document` block (also a canonical content part): a PDF by its pages, a text
 * document by its text, inline content by its text, a URL or file reference as one page (its size is
 * unknown here). Never the base64 itself: a 1 MB PDF read as text is ~700,000 tokens, and would be
 * refused by any TPM limit though it costs a few thousand.
 */
export function documentTokens(document: DocumentLike, tokens: (text: string) => number): number {
  const source = document.source ?? {};
  let sum = tokens(document.title ?? '') + tokens(document.context ?? '');
  if (source.type === 'base64' && typeof source.data === 'string') sum += source.media_type === 'application/pdf' ? pdfPageCount(source.data) * PDF_PAGE_TOKEN_ESTIMATE : PDF_PAGE_TOKEN_ESTIMATE;
  else if (source.type === 'text' && typeof source.data === 'string') sum += tokens(source.data);
  else if (source.type === 'content') sum += typeof source.content === 'string' ? tokens(source.content) : tokens(JSON.stringify(source.content ?? ''));
  else sum += PDF_PAGE_TOKEN_ESTIMATE;
  return sum;
}

/** Tokens of an OpenAI `file` part: a base64 PDF data URL by its pages, anything else (a file id) as one page. */
export function filePartTokens(file: { file_data?: unknown }): number {
  const match = typeof file.file_data === 'string' ? /^data:application\/pdf;base64,(.*)$/s.exec(file.file_data) : null;
  return match ? pdfPageCount(match[1] as string) * PDF_PAGE_TOKEN_ESTIMATE : PDF_PAGE_TOKEN_ESTIMATE;
}
