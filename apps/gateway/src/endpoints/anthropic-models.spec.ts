import { GatewayError } from '../errors/gateway-error';
import { isAnthropicClient } from '../errors/anthropic-error';
import { anthropicModel, anthropicModelPage } from './anthropic-models';

const NAMES = ['a', 'b', 'c', 'd', 'e'];
const ids = (page: { data: Array<{ id: string }> }) => page.data.map((m) => m.id);

describe('models in Anthropic’s shape', () => {
  it('knows Anthropic’s SDK by its anthropic-version header', () => {
    expect(isAnthropicClient({ 'anthropic-version': '2023-06-01' })).toBe(true);
    expect(isAnthropicClient({ authorization: 'Bearer sk' })).toBe(false);
  });

  it('answers a model as Anthropic’s Models API does', () => {
    expect(anthropicModel('claude-3-5-haiku')).toEqual({ type: 'model', id: 'claude-3-5-haiku', display_name: 'claude-3-5-haiku', created_at: '1970-01-01T00:00:00.000Z' });
  });

  it('pages forward with after_id and backward with before_id, 20 by default, saying whether more follow', () => {
    expect(anthropicModelPage(NAMES, {})).toMatchObject({ has_more: false, first_id: 'a', last_id: 'e' });
    expect(ids(anthropicModelPage(NAMES, {}))).toEqual(NAMES);
    const first = anthropicModelPage(NAMES, { limit: '2' });
    expect([ids(first), first.has_more, first.last_id]).toEqual([['a', 'b'], true, 'b']);
    const second = anthropicModelPage(NAMES, { limit: '2', after_id: 'b' });
    expect([ids(second), second.has_more]).toEqual([['c', 'd'], true]);
    const last = anthropicModelPage(NAMES, { limit: '2', after_id: 'd' });
    expect([ids(last), last.has_more]).toEqual([['e'], false]);
    const back = anthropicModelPage(NAMES, { limit: '2', before_id: 'e' });
    expect([ids(back), back.has_more]).toEqual([['c', 'd'], true]);
    expect(anthropicModelPage(NAMES, { after_id: 'e' })).toEqual({ data: [], has_more: false, first_id: null, last_id: null });
  });

  it('refuses a limit outside 1–1000 with a 400 naming it', () => {
    for (const limit of ['0', '1001', 'ten']) {
      let error: unknown;
      try {
        anthropicModelPage(NAMES, { limit });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(GatewayError);
      expect(error).toMatchObject({ status: 400, param: 'limit' });
    }
  });
});
