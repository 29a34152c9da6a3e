import { MAX_LOGGED_BODY_CHARS } from '@sluice/contracts';
import { loggedBody, loggedPrompt, loggedResponse } from './logged-body';

describe('logged bodies', () => {
  it('keeps small bodies whole as JSON', () => {
    expect(loggedPrompt({ model: 'm', messages: [{ role: 'user', content: 'hi [EMAIL]' }] })).toEqual({ text: '[{"role":"user","content":"hi [EMAIL]"}]', truncated: false });
    const completion = { id: 'c', object: 'chat.completion' as const, created: 1, model: 'm', choices: [{ index: 0, message: { role: 'assistant' as const, content: 'ok' }, finish_reason: 'stop' as const }] };
    expect(JSON.parse(loggedResponse(completion).text)).toEqual([{ role: 'assistant', content: 'ok' }]);
  });

  it('cuts large bodies at the bound, flags them, and never splits a surrogate pair', () => {
    const cut = loggedBody('x'.repeat(MAX_LOGGED_BODY_CHARS * 2));
    expect(cut.truncated).toBe(true);
    expect(cut.text).toHaveLength(MAX_LOGGED_BODY_CHARS);
    // '"' + 65,534 x + '🥐' puts the emoji's high surrogate at the last kept position.
    const emoji = loggedBody('x'.repeat(MAX_LOGGED_BODY_CHARS - 2) + '🥐🥐');
    expect(emoji.truncated).toBe(true);
    expect(emoji.text).toHaveLength(MAX_LOGGED_BODY_CHARS - 1);
    expect(emoji.text.endsWith('x')).toBe(true);
  });
});
