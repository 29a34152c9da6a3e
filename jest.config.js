// Two kinds of tests: `unit` (*.spec.ts beside the code, no services) and
// `integration` (*.int-spec.ts against the real Postgres and Redis the test command prepares).
const moduleNameMapper = { '^@sluice/([a-z-]+)$': '<rootDir>/libs/$1/src/index.ts' };
const transform = {
  '^.+\\.tsx?$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.jest.json' }],
};
const ignored = ['/node_modules/', '/dist/', '/.next/', '<rootDir>/e2e/'];

module.exports = {
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      testMatch: ['<rootDir>/{apps,libs,tools}/**/*.spec.ts'],
      testPathIgnorePatterns: ignored,
      moduleNameMapper,
      transform,
    },
    {
      displayName: 'ui',
      testEnvironment: 'jsdom',
      testMatch: ['<rootDir>/{apps,libs}/**/*.spec.tsx'],
      testPathIgnorePatterns: ignored,
      moduleNameMapper,
      transform,
    },
    {
      displayName: 'integration',
      testEnvironment: 'node',
      testMatch: ['<rootDir>/{apps,libs}/**/*.int-spec.ts'],
      testPathIgnorePatterns: ignored,
      moduleNameMapper,
      transform,
    },
  ],
  // A global option: Jest ignores it inside `projects`. Integration tests start servers and databases.
  testTimeout: 60000,
};
