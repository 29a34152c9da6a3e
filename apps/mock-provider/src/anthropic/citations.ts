import { estimateTokens } from '../text/tokens';
import type { MessagePlan, PlannedBlock } from './messages-plan';
import type { MessagesRequest } from './messages-request';

export type Citation = Record<string, unknown> & { type: string; cited_text: string; document_index: number };

type Document = { type?: unknown; title?: unknown; citations?: { enabled?: unknown } | null; source?: { type?: unknown; data?: unknown; content?: unknown } };

/** The request's documents in order (user turns, then inside tool results), as Claude numbers them for `document_index`. */
function documentsOf(request: MessagesRequest): Document[] {
  const documents: Document[] = [];
  const visit = (content: unknown) => {
    if (!Array.isArray(content)) return;
    for (const block of content as { type?: unknown; content?: unknown }[]) {
      if (block?.type === 'document') documents.push(block as Document);
      else if (block?.type === 'tool_result') visit(block.content);
    }
  };
  for (const message of request.messages) visit(message.content);
  return documents;
}

/** The first sentence of a text (up to and with its `.`, `!` or `?` and the spaces after it), and where it starts. */
function firstSentence(text: string): { start: number; cited: string; quote: string } {
  const start = text.search(/\S/);
  if (start < 0) return { start: 0, cited: '', quote: '' };
  const match = /^[^.!?]*[.!?]+\s*/.exec(text.slice(start));
  const cited = match ? match[0] : text.slice(start);
  return { start, cited, quote: cited.trim().replace(/[.!?]+$/, '') };
}

/** What Claude would quote from the document, and the citation for it (by the document's kind). */
function citationFor(document: Document, index: number): { quote: string; citation: Citation } {
  const base = { document_index: index, document_title: typeof document.title === 'string' ? document.title : null };
  const source = document.source ?? {};
  if (source.type === 'text' && typeof source.data === 'string') {
    const sentence = firstSentence(source.data);
    return { quote: sentence.quote, citation: { type: 'char_location', cited_text: sentence.cited, ...base, start_char_index: sentence.start, end_char_index: sentence.start + sentence.cited.length } };
  }
  if (source.type === 'content') {
    const first: unknown = Array.isArray(source.content) ? (source.content as unknown[])[0] : source.content;
    const inner = (first as { text?: unknown } | undefined)?.text;
    const text = typeof first === 'string' ? first : typeof inner === 'string' ? inner : '';
    return { quote: firstSentence(text).quote, citation: { type: 'content_block_location', cited_text: text, ...base, start_block_index: 0, end_block_index: 1 } };
  }
  // A PDF (base64 or URL): the mock cannot read it, so it cites its first two pages.
  const cited = 'The first pages of the PDF.';
  return { quote: 'the first pages say so', citation: { type: 'page_location', cited_text: cited, ...base, start_page_number: 1, end_page_number: 2 } };
}

/**
 * Claude's answer about documents sent with `citations.enabled`: instead of the reply text, three
 * text blocks, "According to the document, ", the first sentence of the first such document quoted
 * with its citation (`char_location` for text, `page_location` for a PDF, `content_block_location`
 * for custom content), and ".". Only a text answer is cited (not a tool call); null without such a document.
 */
export function citedPlan(request: MessagesRequest, plan: MessagePlan): MessagePlan | null {
  const last = plan.blocks.at(-1);
  if (plan.stopReason === 'tool_use' || last?.type !== 'text') return null;
  const documents = documentsOf(request);
  const index = documents.findIndex((document) => document.citations?.enabled === true);
  if (index < 0) return null;
  const { quote, citation } = citationFor(documents[index], index);
  const answer: PlannedBlock[] = [
    { type: 'text', text: 'According to the document, ' },
    { type: 'text', text: quote, citations: [citation] },
    { type: 'text', text: '.' },
  ];
  const outputTokens = plan.outputTokens - estimateTokens(last.text) + estimateTokens(answer.map((block) => (block.type === 'text' ? block.text : '')).join(''));
  return { ...plan, blocks: [...plan.blocks.slice(0, -1), ...answer], stopReason: 'end_turn', stopSequence: null, outputTokens };
}
