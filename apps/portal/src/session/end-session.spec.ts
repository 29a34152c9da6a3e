import { endSession } from './end-session';
import { SIGN_IN_PAGE } from './sign-in-route';

const json = (body: unknown, status = 200) => ({ ok: status >= 200 && status < 300, status, json: async () => body }) as Response;

let fetchMock: jest.Mock<Promise<Response>, [RequestInfo | URL, RequestInit?]>;

beforeEach(() => {
  fetchMock = jest.fn();
  globalThis.fetch = fetchMock as unknown as typeof fetch;
});

describe('endSession', () => {
  it('signs out through the SSO-aware logout and goes to sign-in when there is no IdP session to end', async () => {
    fetchMock.mockResolvedValue(json({ redirectTo: null }));
    await expect(endSession()).resolves.toBe(SIGN_IN_PAGE);
    const [url, init] = fetchMock.mock.calls[0];
    expect(String(url)).toBe('/api/v1/auth/sso/logout');
    expect(init?.method).toBe('POST');
  });

  it("sends the browser to the IdP's single-logout URL for a SAML session", async () => {
    const slo = 'https://idp.example.com/saml/slo?SAMLRequest=abc&RelayState=x';
    fetchMock.mockResolvedValue(json({ redirectTo: slo }));
    await expect(endSession()).resolves.toBe(slo);
  });

  it('never follows a redirect that is not http(s), and still leaves when the API is unreachable or the session already ended', async () => {
    fetchMock.mockResolvedValueOnce(json({ redirectTo: 'javascript:alert(1)' }));
    await expect(endSession()).resolves.toBe(SIGN_IN_PAGE);
    fetchMock.mockRejectedValueOnce(new TypeError('network down'));
    await expect(endSession()).resolves.toBe(SIGN_IN_PAGE);
    fetchMock.mockResolvedValueOnce(json({ type: 'urn:sluice:problem:unauthenticated', title: 'Unauthenticated', status: 401 }, 401));
    await expect(endSession()).resolves.toBe(SIGN_IN_PAGE);
  });
});
