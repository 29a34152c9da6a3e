/** jose is ESM-only: loaded with require() (Jest transforms it, see jest.config.js), typed from its ESM declarations. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const jose = require('jose') as typeof import('jose', { with: { 'resolution-mode': 'import' } });
