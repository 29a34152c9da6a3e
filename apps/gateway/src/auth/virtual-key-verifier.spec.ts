import { configSnapshotSchema } from '@sluice/contracts';
import { generateApiKey } from '@sluice/governance';
import { CompiledSnapshot } from '../snapshot/compiled-snapshot';
import { GatewayError } from '../errors/gateway-error';
import { assertModelAllowed, presentedKey, verifyVirtualKey } from './virtual-key-verifier';

const pepper = 'test-pepper-0123456789';
const orgId = '7d3c5a2e-0c1f-4f7a-9a53-1c8f7e0f2b11';

const teamId = '3f1e8a54-2b7d-4c29-9e0a-5d6b7c8e9f01';

function snapshotWith(overrides: { revoked?: boolean; expiresAt?: string | null; allowedModels?: string[]; teamAllowedModels?: string[] } = {}) {
  const generated = generateApiKey(pepper);
  const snapshot = new CompiledSnapshot(configSnapshotSchema.parse({
    version: 1,
    providers: [],
    models: [],
    deployments: [],
    keys: [
      {
        id: '0b9a4bd6-4c53-4d0f-8a7b-2f6c2c1b9e10',
        hash: generated.hash,
        prefix: generated.displayPrefix,
        orgId,
        teamId: overrides.teamAllowedModels ? teamId : null,
        userId: null,
        allowedModels: overrides.allowedModels ?? [],
        expiresAt: overrides.expiresAt ?? null,
        revoked: overrides.revoked ?? false,
      },
    ],
    teams: overrides.teamAllowedModels ? [{ id: teamId, orgId, allowedModels: overrides.teamAllowedModels }] : undefined,
  }));
  return { snapshot, secret: generated.secret };
}

function rejection(fn: () => unknown): GatewayError {
  try {
    fn();
  } catch (error) {
    return error as GatewayError;
  }
  throw new Error('expected a rejection');
}

describe('virtual key verification', () => {
  it('accepts a known key from either header', () => {
    const { snapshot, secret } = snapshotWith();
    expect(verifyVirtualKey(snapshot, pepper, { authorization: `Bearer ${secret}` }).orgId).toBe(orgId);
    expect(verifyVirtualKey(snapshot, pepper, { 'x-api-key': secret }).orgId).toBe(orgId);
  });

  it('rejects unknown, revoked and expired keys with the same message', () => {
    const { snapshot, secret } = snapshotWith();
    const unknown = rejection(() => verifyVirtualKey(snapshot, pepper, { authorization: `Bearer ${secret}x` }));
    const revoked = rejection(() => {
      const s = snapshotWith({ revoked: true });
      verifyVirtualKey(s.snapshot, pepper, { authorization: `Bearer ${s.secret}` });
    });
    const expired = rejection(() => {
      const s = snapshotWith({ expiresAt: '2020-01-01T00:00:00.000Z' });
      verifyVirtualKey(s.snapshot, pepper, { authorization: `Bearer ${s.secret}` });
    });
    for (const error of [unknown, revoked, expired]) {
      expect(error.status).toBe(401);
      expect(error.toOpenAi()).toEqual(unknown.toOpenAi());
    }
  });

  it('says what to send when no key is present', () => {
    const { snapshot } = snapshotWith();
    const error = rejection(() => verifyVirtualKey(snapshot, pepper, {}));
    expect(error.status).toBe(401);
    expect(error.code).toBe('missing_api_key');
    expect(presentedKey({ authorization: 'Basic abc' })).toBeNull();
  });

  it('enforces the key allow-list of models', () => {
    const { snapshot, secret } = snapshotWith({ allowedModels: ['gpt-4o-mini'] });
    const key = verifyVirtualKey(snapshot, pepper, { authorization: `Bearer ${secret}` });
    expect(() => assertModelAllowed(snapshot, key, 'gpt-4o-mini')).not.toThrow();
    const refused = rejection(() => assertModelAllowed(snapshot, key, 'gpt-4o'));
    expect(refused.status).toBe(403);
    expect(refused.message).toBe("This API key may not use the model 'gpt-4o'.");
  });

  it("also enforces the team's allow-list, for keys created before the team was narrowed", () => {
    const { snapshot, secret } = snapshotWith({ allowedModels: ['gpt-4o-mini', 'gpt-4o'], teamAllowedModels: ['gpt-4o-mini'] });
    const key = verifyVirtualKey(snapshot, pepper, { authorization: `Bearer ${secret}` });
    expect(() => assertModelAllowed(snapshot, key, 'gpt-4o-mini')).not.toThrow();
    const refused = rejection(() => assertModelAllowed(snapshot, key, 'gpt-4o'));
    expect(refused.status).toBe(403);
    expect(refused.code).toBe('model_not_allowed');
    expect(refused.message).toContain("team may not use the model 'gpt-4o'");
    expect(snapshot.mayUseModel(key, 'gpt-4o')).toBe(false);
  });

  it('lets a key without its own list use every model its team allows, and any model when the team allows all', () => {
    const restricted = snapshotWith({ teamAllowedModels: ['claude-3-5-haiku'] });
    const key = verifyVirtualKey(restricted.snapshot, pepper, { authorization: `Bearer ${restricted.secret}` });
    expect(restricted.snapshot.mayUseModel(key, 'claude-3-5-haiku')).toBe(true);
    expect(restricted.snapshot.mayUseModel(key, 'gpt-4o')).toBe(false);
    const open = snapshotWith({ teamAllowedModels: [] });
    const openKey = verifyVirtualKey(open.snapshot, pepper, { authorization: `Bearer ${open.secret}` });
    expect(open.snapshot.mayUseModel(openKey, 'gpt-4o')).toBe(true);
  });
});
