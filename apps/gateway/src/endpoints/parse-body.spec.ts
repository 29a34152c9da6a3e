import { GatewayError } from '../errors/gateway-error';
import { parseChatRequest } from './parse-body';

function errorOf(body: unknown): GatewayError {
  try {
    parseChatRequest(body);
  } catch (error) {
    return error as GatewayError;
  }
  throw new Error('expected an error');
}

describe('parseChatRequest', () => {
  it('refuses bodies nested deeper than 64 levels, without recursing', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    const error = errorOf({ model: 'm', messages: [{ role: 'user', content: 'hi' }], deep });
    expect(error.status).toBe(400);
    expect(error.message).toMatch(/nested deeper than 64/);
  });

  it('refuses fields that would redirect the call to another upstream', () => {
    for (const field of ['api_base', 'base_url', 'api_key', 'azure_endpoint', 'custom_host']) {
      const error = errorOf({ model: 'm', messages: [{ role: 'user', content: 'hi' }], [field]: 'http://169.254.169.254/' });
      expect(error.status).toBe(400);
      expect(error.param).toBe(field);
    }
  });

  it('keeps unknown fields for the provider', () => {
    const body = parseChatRequest({ model: 'm', messages: [{ role: 'user', content: 'hi' }], temperature: 0.1, seed: 3 });
    expect(body).toMatchObject({ temperature: 0.1, seed: 3 });
  });

  it('names the missing parameter', () => {
    const error = errorOf({ messages: [{ role: 'user', content: 'hi' }] });
    expect(error.status).toBe(400);
    expect(error.toOpenAi().error).toMatchObject({ param: 'model', code: 'missing_required_parameter', type: 'invalid_request_error' });
  });

  it('names the invalid nested field', () => {
    const error = errorOf({ model: 'm', messages: [{ role: 'robot', content: 'hi' }] });
    expect(error.param).toBe('messages.0.role');
    expect(error.message).toContain("Invalid 'messages.0.role'");
  });

  it('rejects non-object bodies and empty message lists', () => {
    expect(errorOf([1, 2]).message).toBe('The request body must be a JSON object.');
    expect(errorOf({ model: 'm', messages: [] }).param).toBe('messages');
  });
});
