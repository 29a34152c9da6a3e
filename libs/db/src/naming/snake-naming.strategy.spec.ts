import { toSnakeCase } from './snake-naming.strategy';

describe('toSnakeCase', () => {
  it.each([
    ['orgId', 'org_id'],
    ['credentialsCiphertext', 'credentials_ciphertext'],
    ['ttftMs', 'ttft_ms'],
    ['httpStatus', 'http_status'],
    ['URLPath', 'url_path'],
    ['id', 'id'],
  ])('%s → %s', (input, expected) => {
    expect(toSnakeCase(input)).toBe(expected);
  });
});
