import { safeReturnTo } from './return-to';

describe('safeReturnTo', () => {
  it('keeps a same-origin path with its query and fragment', () => {
    expect(safeReturnTo('/audit?action=api_key.created#top')).toBe('/audit?action=api_key.created#top');
    expect(safeReturnTo('/api-keys')).toBe('/api-keys');
  });

  it('sends anything that could leave the portal to the dashboard', () => {
    for (const hostile of ['https://evil.example/', '//evil.example', '/\\evil.example', 'javascript:alert(1)', 'evil', '', null, undefined]) {
      expect(safeReturnTo(hostile)).toBe('/');
    }
    expect(safeReturnTo('/\tfoo')).toBe('/');
  });

  it('never returns to the sign-in page itself', () => {
    expect(safeReturnTo('/sign-in?returnTo=/audit')).toBe('/');
  });
});
