// Two kinds of tests: `unit` (*.spec.ts beside the code, no services) and
// `integration` (*.int-spec.ts against the real Postgres and Redis the test command prepares).
const moduleNameMapper = { '^@sluice/([a-z-]+)$': '<rootDir>/libs/$1/src/index.ts' };
// ESM-only packages (openid-client with oauth4webapi/jose; otplib's @scure/base and @noble/hashes) are transformed to CommonJS for Jest;
// at run time Node ≥ 20.19 require()s them directly.
const ESM_ONLY = ['openid-client', 'oauth4webapi', 'jose', '@scure/base', '@noble/hashes'];
// TypeScript is transpiled by SWC, file by file, with the decorator metadata NestJS's injection reads
// (as tsconfig.base.json's experimentalDecorators + emitDecoratorMetadata): the typecheck stage checks types.
const swc = {
  jsc: {
    parser: { syntax: 'typescript', tsx: true, decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: true, react: { runtime: 'automatic' } },
    target: 'es2022',
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};
const transform = {
  '^.+\\.tsx?$': ['@swc/jest', swc],
  [`/node_modules/(${ESM_ONLY.join('|')})/.+\\.js$`]: ['babel-jest', { babelrc: false, configFile: false, plugins: ['@babel/plugin-transform-modules-commonjs'] }],
  // The repository's own scripts are ES modules; their specs (tools/scripts) load them as CommonJS.
  '/scripts/lib/.+\\.mjs$': ['babel-jest', { babelrc: false, configFile: false, plugins: ['@babel/plugin-transform-modules-commonjs'] }],
};
const transformIgnorePatterns = [`/node_modules/(?!(${ESM_ONLY.join('|')})/)`];
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
      transformIgnorePatterns,
    },
    {
      displayName: 'ui',
      testEnvironment: 'jsdom',
      testMatch: ['<rootDir>/{apps,libs}/**/*.spec.tsx'],
      testPathIgnorePatterns: ignored,
      moduleNameMapper,
      transform,
      transformIgnorePatterns,
    },
    {
      displayName: 'integration',
      testEnvironment: 'node',
      testMatch: ['<rootDir>/{apps,libs}/**/*.int-spec.ts'],
      testPathIgnorePatterns: ignored,
      moduleNameMapper,
      transform,
      transformIgnorePatterns,
    },
  ],
  // A global option: Jest ignores it inside `projects`. Integration tests start servers and databases.
  testTimeout: 60000,
};
