import type { OpenAiChatRequest } from '@sluice/contracts';
import { countAnthropicTokens } from '../formats/anthropic-messages/count-tokens';
import { estimateChatPromptTokens } from './chat-prompt-tokens';
import { documentTokens, filePartTokens, pdfPageCount, PDF_PAGE_TOKEN_ESTIMATE } from './document-tokens';
import { tokens } from './tokenizer';

/** A minimal PDF with `pages` page objects under one page tree, padded with `padding` bytes of stream data. */
function pdfBase64(pages: number, padding = 0): string {
  const objects = Array.from({ length: pages }, (_, i) => `${i + 3} 0 obj << /Type /Page /Parent 2 0 R >> endobj`).join('\n');
  const pdf = `%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Count ${pages} >> endobj\n${objects}\nstream\n${'x'.repeat(padding)}\nendstream\n%%EOF`;
  return Buffer.from(pdf, 'latin1').toString('base64');
}

describe('document token estimates', () => {
  it('counts a PDF by its page objects, not its page tree, whatever its size', () => {
    expect(pdfPageCount(pdfBase64(3))).toBe(3);
    expect(pdfPageCount(pdfBase64(1, 900_000))).toBe(1);
  });

  it('falls back to the size when the page objects are compressed away', () => {
    const compressed = Buffer.alloc(250_000, 7).toString('base64');
    expect(pdfPageCount(compressed)).toBe(3);
    expect(pdfPageCount(Buffer.from('%PDF-1.7').toString('base64'))).toBe(1);
  });

  it('prices a PDF document by pages, a text document by its text, a URL as one page, plus title and context', () => {
    expect(documentTokens({ source: { type: 'base64', media_type: 'application/pdf', data: pdfBase64(2, 500_000) } }, tokens)).toBe(2 * PDF_PAGE_TOKEN_ESTIMATE);
    expect(documentTokens({ source: { type: 'text', media_type: 'text/plain', data: 'The grass is green.' } }, tokens)).toBe(tokens('The grass is green.'));
    expect(documentTokens({ source: { type: 'url' }, title: 'Annual report' }, tokens)).toBe(PDF_PAGE_TOKEN_ESTIMATE + tokens('Annual report'));
    expect(filePartTokens({ file_data: `data:application/pdf;base64,${pdfBase64(4)}` })).toBe(4 * PDF_PAGE_TOKEN_ESTIMATE);
    expect(filePartTokens({})).toBe(PDF_PAGE_TOKEN_ESTIMATE);
  });

  it('keeps a 1 MB PDF at a few thousand tokens in the admission estimate and in count_tokens (its base64 read as text is hundreds of thousands)', () => {
    const data = pdfBase64(2, 1_000_000);
    expect(tokens(data)).toBeGreaterThan(100_000);
    const request = {
      model: 'claude',
      messages: [{ role: 'user', content: [{ type: 'document', source: { type: 'base64', media_type: 'application/pdf', data } }, { type: 'text', text: 'Summarise this.' }] }],
    } as OpenAiChatRequest;
    const estimate = estimateChatPromptTokens(request);
    expect(estimate).toBeGreaterThanOrEqual(2 * PDF_PAGE_TOKEN_ESTIMATE);
    expect(estimate).toBeLessThan(2 * PDF_PAGE_TOKEN_ESTIMATE + 50);
    const counted = countAnthropicTokens({
      model: 'claude',
      messages: [{ role: 'user', content: [{ type: 'document', source: { type: 'base64', media_type: 'application/pdf', data } }, { type: 'text', text: 'Summarise this.' }] }],
    });
    expect(counted).toBeGreaterThanOrEqual(2 * PDF_PAGE_TOKEN_ESTIMATE);
    expect(counted).toBeLessThan(2 * PDF_PAGE_TOKEN_ESTIMATE + 50);
  });
});
