import { detectConnectionTest, offersConnectionTest, resetConnectionTestDetection } from './connection-test-support';

const withRoutes = {
  paths: {
    '/api/v1/sso/connections/{id}/test': { post: {} },
    '/api/v1/sso/connections/{id}/test/{testId}': { get: {} },
  },
};

describe('connection test feature detection', () => {
  beforeEach(resetConnectionTestDetection);

  it('offers the test only when both routes are in the OpenAPI document', () => {
    expect(offersConnectionTest(withRoutes)).toBe(true);
    expect(offersConnectionTest({ paths: { '/api/v1/sso/connections/{id}/test': { post: {} } } })).toBe(false);
    expect(offersConnectionTest({ paths: {} })).toBe(false);
    expect(offersConnectionTest(null)).toBe(false);
  });

  it('reads the document once, and says no when it cannot be read', async () => {
    const fetchImpl = jest.fn(async () => ({ ok: true, json: async () => withRoutes }) as Response);
    await expect(detectConnectionTest(fetchImpl)).resolves.toBe(true);
    await expect(detectConnectionTest(fetchImpl)).resolves.toBe(true);
    expect(fetchImpl).toHaveBeenCalledTimes(1);
    expect(fetchImpl.mock.calls[0]).toEqual(['/api/docs/openapi.json', expect.anything()]);

    resetConnectionTestDetection();
    await expect(detectConnectionTest(async () => ({ ok: false, status: 404, json: async () => null }) as Response)).resolves.toBe(false);
    resetConnectionTestDetection();
    await expect(detectConnectionTest(async () => Promise.reject(new Error('offline')))).resolves.toBe(false);
  });
});
