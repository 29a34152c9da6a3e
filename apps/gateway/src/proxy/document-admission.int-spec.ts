import type Anthropic from '@anthropic-ai/sdk';
import { startTwoFormatGateway } from '../test-support/two-format-gateway';
import type { StandaloneGateway } from '../test-support/standalone-gateway';

const KEY = 'sk-sluice-docadmission0123456789abcdefghijk';

/** A two-page PDF padded to about 1 MB, as scanned reports are. */
function twoPagePdf(): string {
  const pages = [3, 4].map((n) => `${n} 0 obj << /Type /Page /Parent 2 0 R >> endobj`).join('\n');
  const pdf = `%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Count 2 >> endobj\n${pages}\nstream\n${'q'.repeat(1_000_000)}\nendstream\n%%EOF`;
  return Buffer.from(pdf, 'latin1').toString('base64');
}

describe('a large PDF under a TPM limit (real gateway, mock Claude)', () => {
  let gateway: StandaloneGateway;
  let claude: Anthropic;

  beforeAll(async () => {
    ({ gateway, claude } = await startTwoFormatGateway(KEY, undefined, 'limits: { tpm: 50000 }'));
  });
  afterAll(() => gateway?.close());

  it('is admitted by its pages, not refused as if its base64 were text, and count_tokens agrees', async () => {
    const content: Anthropic.ContentBlockParam[] = [
      { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: twoPagePdf() } },
      { type: 'text', text: 'Summarise this report.' },
    ];
    const { input_tokens: counted } = await claude.messages.countTokens({ model: 'claude-3-5-haiku', messages: [{ role: 'user', content }] });
    expect(counted).toBeGreaterThanOrEqual(6000);
    expect(counted).toBeLessThan(6100);

    const { data: message, response } = await claude.messages.create({ model: 'claude-3-5-haiku', max_tokens: 100, messages: [{ role: 'user', content }] }).withResponse();
    expect(message.type).toBe('message');
    // What was reserved before the call: about two pages and the completion allowance, far inside 50,000.
    expect(Number(response.headers.get('x-ratelimit-remaining-tokens'))).toBeGreaterThan(40_000);
  });
});
