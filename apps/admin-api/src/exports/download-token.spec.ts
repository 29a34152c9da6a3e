import { checkDownloadToken, downloadLinkKey, signDownloadToken } from './download-token';

const KEY = downloadLinkKey('pepper-for-the-download-token-test');
const EXPORT = '5f0b7c1e-8a7d-4c3b-9e2f-1a2b3c4d5e6f';
const ORG = '0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f';
const OTHER = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';

describe('download link tokens', () => {
  const now = 1_800_000_000;
  const token = signDownloadToken(KEY, 'audit', EXPORT, ORG, now + 600);

  it('accepts a fresh token for the export, org and kind it was made for', () => {
    expect(checkDownloadToken(KEY, token, 'audit', EXPORT, ORG, now)).toEqual({ ok: true });
  });

  it('refuses it once expired', () => {
    expect(checkDownloadToken(KEY, token, 'audit', EXPORT, ORG, now + 600)).toEqual({ ok: false, reason: 'expired' });
  });

  it('refuses it for another export, org, kind or key, and refuses a moved expiry', () => {
    expect(checkDownloadToken(KEY, token, 'audit', OTHER, ORG, now)).toMatchObject({ ok: false, reason: 'invalid' });
    expect(checkDownloadToken(KEY, token, 'audit', EXPORT, OTHER, now)).toMatchObject({ ok: false, reason: 'invalid' });
    expect(checkDownloadToken(KEY, token, 'usage_report', EXPORT, ORG, now)).toMatchObject({ ok: false, reason: 'invalid' });
    expect(checkDownloadToken(downloadLinkKey('another-pepper-0123456789'), token, 'audit', EXPORT, ORG, now)).toMatchObject({ ok: false, reason: 'invalid' });
    const [, signature] = token.split('.');
    expect(checkDownloadToken(KEY, `${now + 6000}.${signature}`, 'audit', EXPORT, ORG, now)).toMatchObject({ ok: false, reason: 'invalid' });
  });

  it('refuses malformed tokens', () => {
    for (const bad of ['', 'abc', `${now}.short`, `${token}x`]) expect(checkDownloadToken(KEY, bad, 'audit', EXPORT, ORG, now)).toMatchObject({ ok: false });
  });
});
