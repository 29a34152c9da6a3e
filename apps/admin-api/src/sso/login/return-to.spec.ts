import { safeReturnTo } from './return-to';

describe('safeReturnTo', () => {
  it('keeps same-origin relative paths', () => {
    expect(safeReturnTo('/keys?team=a#top')).toBe('/keys?team=a#top');
    expect(safeReturnTo('/')).toBe('/');
  });

  it.each(['https://evil.example/', '//evil.example', '/\\evil.example', '\\\\evil', 'javascript:alert(1)', '/\tfoo', 'keys', '', undefined, 42, `/${'a'.repeat(3000)}`])(
    'refuses %p',
    (value) => {
      expect(safeReturnTo(value)).toBe('/');
    },
  );
});
