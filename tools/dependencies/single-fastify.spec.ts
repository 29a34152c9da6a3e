import { createRequire } from 'node:module';
import { join } from 'node:path';

// @nestjs/platform-fastify 11 pins fastify 5.11.3 exactly; that version wraps every request's body
// parser with AsyncResource.bind(), which in Node 20 builds a DEP0172 deprecation getter per call
// (≈ 14 µs per request on the CI-class machine, on the gateway's critical path). The root
// package.json `overrides` makes Nest use the workspace's fastify; this keeps a lockfile refresh
// from bringing the second copy back unnoticed.
describe('one Fastify for the Nest apps', () => {
  const root = join(__dirname, '..', '..');
  const fromRoot = createRequire(join(root, 'package.json'));
  const fromNestAdapter = createRequire(fromRoot.resolve('@nestjs/platform-fastify'));

  it('@nestjs/platform-fastify resolves the workspace fastify, not a nested copy', () => {
    expect(fromNestAdapter.resolve('fastify')).toBe(fromRoot.resolve('fastify'));
  });

  it('is 5.12 or later (the first release whose body parser runs in the async scope without bind)', () => {
    const { version } = fromRoot('fastify/package.json') as { version: string };
    const [major, minor] = version.split('.').map(Number);
    expect(major > 5 || (major === 5 && minor >= 12)).toBe(true);
  });
});
